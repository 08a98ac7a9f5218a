import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Run } from "@layerwise/db";
import { DISPATCH_CHANNEL, RUN_ARTIFACTS, ZTrainJob } from "@layerwise/protocol";
import { UnrecoverableError, type Job } from "bullmq";
import type { TTrainerContext } from "../runs/context";
import { DatasetUnavailableError, findRunDataset, materializeDataset } from "../runs/datasets";
import { InvalidRunError, prepareModel, writeRunDir } from "../runs/prepare-run";
import { RunSession } from "../runs/run-session";
import { claimRun, finishRun, requeueRun, type TRunOutcome } from "../runs/run-store";
import { superviseRunner, type TStopReason } from "../runs/supervise-runner";
import type { TRunnerExit } from "../runs/runner-process";

/** Starts of one run (the first and resumes after a lost worker) before it is failed. */
export const MAX_ATTEMPTS = 3;

async function uploadArtifacts(ctx: TTrainerContext, runId: string, runDir: string) {
  for (const name of [...RUN_ARTIFACTS, "checkpoint.pt"]) {
    const path = join(runDir, name);
    if (existsSync(path)) await ctx.storage.upload(`runs/${runId}/${name}`, path);
  }
}

function outcomeOf(
  session: RunSession,
  exit: TRunnerExit,
  reason: TStopReason,
  stderr: string,
): TRunOutcome {
  const best = session.end?.best ?? null;
  const peakMemoryMb = session.end?.peak_memory_mb;
  if (reason === "cancel") return { status: "cancelled", best, peakMemoryMb };
  if (session.end?.status === "succeeded" && exit.code === 0)
    return { status: "succeeded", best, peakMemoryMb };
  if (session.end?.status === "cancelled" && exit.code === 0)
    return { status: "cancelled", best, peakMemoryMb };
  if (reason === "time-limit")
    return { status: "failed", error: "the run exceeded its time limit and was stopped" };
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const lastLine = stderr.trim().split("\n").at(-1) ?? "";
  return {
    status: "failed",
    error: session.error?.message ?? `the runner ${how}${lastLine ? `: ${lastLine}` : ""}`,
    peakMemoryMb,
  };
}

/** Fails a run this worker holds with a reason, and tells its watchers. */
async function failRun(ctx: TTrainerContext, session: RunSession, run: Run, error: string) {
  await finishRun(ctx.db, run.id, ctx.workerId, { status: "failed", error });
  await session.emit({ type: "error", message: error });
  await session.emit({ type: "status", status: "failed", error });
}

async function prepare(ctx: TTrainerContext, run: Run, runDir: string) {
  const version = await ctx.db.projectVersion.findUniqueOrThrow({ where: { id: run.versionId } });
  const model = prepareModel(version.model);
  const ref = (run.config as { dataset?: unknown }).dataset;
  const datasetRef = typeof ref === "string" ? ref : (run.datasetId ?? "");
  const dataCtx = { ...ctx, cacheDir: join(ctx.workDir, "datasets") };
  const dataset = await findRunDataset(dataCtx, datasetRef, run.teamId);
  if (dataset.task !== model.task)
    throw new InvalidRunError(
      `dataset ${datasetRef} is for ${dataset.task}, the model's Output is ${model.task}`,
    );
  const path = await materializeDataset(dataCtx, dataset);
  await mkdir(runDir, { recursive: true });
  const resume =
    run.attempt > 1 &&
    (await ctx.storage.download(`runs/${run.id}/checkpoint.pt`, join(runDir, "checkpoint.pt")));
  await writeRunDir({
    runDir,
    run,
    model,
    dataset: { id: dataset.builtinKey ?? dataset.id, path },
    resume,
    limits: ctx.limits,
    threads: ctx.cpuThreads,
  });
  await ctx.storage.upload(`runs/${run.id}/model.py`, join(runDir, "model.py"));
  return { task: model.task, resume };
}

/**
 * Processes one `training` job: claims the run in Postgres (a cancelled or already-finished run
 * is skipped), validates and generates its model, trains it with the runner, stores the outcome.
 * An untrainable run fails at once with UnrecoverableError, never retried.
 */
export async function trainRun(job: Job, ctx: TTrainerContext): Promise<string> {
  const parsed = ZTrainJob.safeParse(job.data);
  if (!parsed.success)
    throw new UnrecoverableError(`job ${job.id} has no valid {runId}: ${parsed.error.message}`);
  const run = await claimRun(ctx.db, parsed.data.runId, ctx.workerId, ctx.staleMs);
  if (!run) return "skipped: the run is not queued (cancelled, finished or held by a live worker)";
  const log = ctx.log.child({ runId: run.id, attempt: run.attempt });
  const runDir = join(ctx.workDir, "runs", run.id);
  let session = new RunSession(ctx, run, "", runDir);
  await session.emit({ type: "status", status: "running", attempt: run.attempt });
  try {
    const prepared = await prepare(ctx, run, runDir);
    session = new RunSession(ctx, run, prepared.task, runDir);
    if (run.attempt > MAX_ATTEMPTS) {
      const why = `the run was interrupted ${run.attempt - 1} times; giving up`;
      await failRun(ctx, session, run, why);
      throw new UnrecoverableError(why);
    }
    if (run.attempt > 1 && !prepared.resume && run.epochsDone > 0) {
      await failRun(
        ctx,
        session,
        run,
        "the worker training this run stopped and no checkpoint survived it",
      );
      throw new UnrecoverableError("no checkpoint to resume from");
    }
    const supervised = superviseRunner(ctx, session, run.id, runDir);
    ctx.active.set(run.id, supervised);
    const { exit, reason, stderr } = await supervised.done.finally(() => ctx.active.delete(run.id));
    await uploadArtifacts(ctx, run.id, runDir);
    if (reason === "lost") return "lost: another worker or the reconciler took the run";
    if (reason === "shutdown") {
      await requeueRun(ctx.db, run.id, ctx.workerId);
      await session.emit({
        type: "status",
        status: "queued",
        error: "worker shut down; resumes from its checkpoint",
      });
      return "requeued";
    }
    const outcome = outcomeOf(session, exit, reason, stderr);
    await finishRun(ctx.db, run.id, ctx.workerId, outcome);
    await session.emit({ type: "status", status: outcome.status, error: outcome.error });
    log.info("run finished", { status: outcome.status, error: outcome.error });
    if (outcome.status === "failed") throw new UnrecoverableError(outcome.error ?? "failed");
    return outcome.status;
  } catch (error) {
    if (error instanceof InvalidRunError || error instanceof DatasetUnavailableError) {
      await failRun(ctx, session, run, error.message);
      throw new UnrecoverableError(error.message);
    }
    if (!(error instanceof UnrecoverableError)) {
      await failRun(ctx, session, run, `the worker failed: ${String(error)}`).catch(
        () => undefined,
      );
    }
    throw error;
  } finally {
    await ctx.redis.publish(DISPATCH_CHANNEL, "slot-free").catch(() => undefined);
    await rm(runDir, { recursive: true, force: true });
    ctx.runners.warm(); // if no runner ran (or the spare died), the next run's runner
  }
}
