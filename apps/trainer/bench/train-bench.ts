/*
 * `npm run bench -w apps/trainer`: unet-small trained through Layerwise (queued in Postgres →
 * dispatcher → BullMQ → worker → generated code → runner) and, side by side, by the hand-written
 * PyTorch script with the same model code, data and loop (bench/handwritten.py), run before and
 * after it. Prints images/s of each and their ratio, the time from Train to the first training
 * step (with where it goes: dispatch, the runner's start, the first step), and the validation
 * IoU of the baseline and of the better model (bench/models/unet-small-improved.json).
 *
 * Env: DATABASE_URL, REDIS_URL (as for the trainer); BENCH_EPOCHS (3), BENCH_THREADS (2).
 * `--json` prints one JSON object per line instead of the table.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { appendRunEvent, createPrismaClient, type PrismaClient } from "@layerwise/db";
import { analyze, generatePyTorch, loadTemplate, type TModelFlow } from "@layerwise/graph-core";
import {
  DISPATCH_CHANNEL,
  ZRunConfig,
  runChannel,
  runSettingsFromModel,
} from "@layerwise/protocol";
import { createLogger } from "@layerwise/server-kit";
import { createStorage } from "@layerwise/storage";
import { Redis } from "ioredis";
import { readTrainerEnv } from "../src/env";
import { findRunDataset, materializeDataset } from "../src/runs/datasets";
import { PYTHON_DIR } from "../src/runs/runner-process";
import { defaultWorkDir, startTrainer } from "../src/start-trainer";

const exec = promisify(execFile);
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 3);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const SIZE = 128;
const asJson = process.argv.includes("--json");
const here = (p: string) => new URL(p, import.meta.url).pathname;

function withDataset(model: TModelFlow): TModelFlow {
  return {
    ...model,
    nodes: model.nodes.map((n) =>
      n.type === "Input"
        ? { ...n, params: { ...n.params, shape: [3, SIZE, SIZE], dataset: "nuclei" } }
        : n,
    ),
  };
}

async function makeWorld(db: PrismaClient) {
  const tag = Math.random().toString(36).slice(2, 8);
  const user = await db.user.create({
    data: { email: `bench-${tag}@bench.layerwise.dev`, name: "Bench" },
  });
  const team = await db.team.create({
    data: { name: `bench-${tag}`, members: { create: { userId: user.id, role: "owner" } } },
  });
  const project = await db.project.create({ data: { teamId: team.id, name: "Bench" } });
  return { userId: user.id, teamId: team.id, projectId: project.id };
}

/** Queues a run exactly as the web app's createRun stores it, and wakes the dispatcher. */
async function submit(
  db: PrismaClient,
  redis: Redis,
  world: Awaited<ReturnType<typeof makeWorld>>,
  model: TModelFlow,
  number: number,
) {
  const a = analyze(model);
  const version = await db.projectVersion.create({
    data: {
      projectId: world.projectId,
      number,
      message: `Bench ${number}`,
      kind: "run",
      model: model as object,
      totalParams: BigInt(a.totalParams),
      errorCount: a.errorCount,
      warningCount: a.warningCount,
      diagnostics: [],
    },
  });
  // The Output node's settings (loss, schedule, …) as the web app's createRun reads them.
  const settings = runSettingsFromModel(model);
  if (!settings.ok) throw new Error(`bench model: ${settings.problems.join("; ")}`);
  const config = ZRunConfig.parse({
    ...settings.settings.config,
    epochs: EPOCHS,
    batch_size: 8,
    seed: 0,
    threads: THREADS,
    num_workers: 0,
  });
  const run = await db.run.create({
    data: {
      projectId: world.projectId,
      teamId: world.teamId,
      number,
      versionId: version.id,
      authorId: world.userId,
      config: { ...config, dataset: "nuclei" },
    },
  });
  await appendRunEvent(db, run.id, { type: "status", status: "queued" });
  await redis.publish(DISPATCH_CHANNEL, "bench");
  return run;
}

const FINISHED = ["succeeded", "failed", "cancelled"];

/**
 * Waits for the run to finish the way the run page does, on its live events (`run:<id>`), so the
 * benchmark adds no polling of its own to the cores the training uses; Postgres is read when the
 * subscription starts and every 10 s in case a message went missing.
 */
async function waitDone(db: PrismaClient, redisUrl: string, runId: string) {
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    let wake: () => void = () => undefined;
    subscriber.on("message", (_channel: string, message: string) => {
      const { event } = JSON.parse(message) as { event: { type: string; status?: string } };
      if (event.type === "status" && FINISHED.includes(event.status ?? "")) wake();
    });
    await subscriber.subscribe(runChannel(runId));
    for (;;) {
      const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
      if (FINISHED.includes(run.status)) return run;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    subscriber.disconnect();
  }
}

async function layerwiseResult(db: PrismaClient, runId: string, submittedAt: number) {
  const run = await waitDone(db, env.REDIS_URL, runId);
  if (run.status !== "succeeded")
    throw new Error(`bench run ${run.number} ${run.status}: ${run.error}`);
  const epochs = await db.runEpoch.findMany({ where: { runId } });
  const events = await db.runEvent.findMany({
    where: { runId, type: { in: ["status", "start", "progress"] } },
    orderBy: { seq: "asc" },
  });
  const first = (type: string, status?: string) =>
    events
      .find(
        (e) =>
          e.type === type &&
          (status === undefined || (e.data as { status?: string }).status === status),
      )
      ?.createdAt.getTime() ?? Number.NaN;
  // Every epoch trains the same images, so the overall rate is the harmonic mean of the epochs'.
  const ips = epochs.length / epochs.reduce((s, e) => s + 1 / e.imagesPerS, 0);
  return {
    images_per_s: ips,
    val_iou: Math.max(...epochs.map((e) => e.valIou ?? 0)),
    to_running_s: (first("status", "running") - submittedAt) / 1000,
    to_start_s: (first("start") - submittedAt) / 1000,
    to_first_step_s: (first("progress") - submittedAt) / 1000,
  };
}

const env = readTrainerEnv();
const db = createPrismaClient(env.DATABASE_URL);
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const storage = createStorage(env);
const log = createLogger("bench", "warn");
const workDir = resolve(env.TRAINER_WORK_DIR ?? defaultWorkDir(env.DATA_DIR));
const world = await makeWorld(db);
const prefix = `bench-${process.pid}`;
try {
  const baseline = withDataset(loadTemplate("unet-small"));
  const better = withDataset(
    JSON.parse(await readFile(here("./models/unet-small-improved.json"), "utf8")) as TModelFlow,
  );
  // The built-in dataset (generated on first use) and the local copy the hand-written script reads.
  const datasetRow = await findRunDataset(
    { db, storage, python: env.PYTHON, cacheDir: join(workDir, "datasets") },
    "nuclei",
    world.teamId,
  );
  const dataDir = await materializeDataset(
    { db, storage, python: env.PYTHON, cacheDir: join(workDir, "datasets") },
    datasetRow,
  );
  const pyStart = Date.now();
  await exec(env.PYTHON, ["-c", "import torch"]);
  const pythonStartS = (Date.now() - pyStart) / 1000;

  const trainer = await startTrainer({
    db,
    redisUrl: env.REDIS_URL,
    storage,
    log,
    python: env.PYTHON,
    workDir,
    concurrency: 1,
    perTeamLimit: 1,
    limits: { max_seconds: 3600, max_memory_mb: 16_384 },
    cpuThreads: THREADS,
    prefix,
    teamIds: [world.teamId],
    spareRunner: true, // as the trainer process runs by default
  });
  const scratch = await mkdtemp(join(tmpdir(), "lw-bench-"));
  await writeFile(join(scratch, "model.py"), generatePyTorch(baseline));
  /** The hand-written script's result: run before and after the Layerwise run (A-B-A), so a
   * load that drifts during the benchmark (a shared 2-core VM) shifts both sides alike. */
  const handwritten = async () => {
    const { stdout } = await exec(
      env.PYTHON,
      [
        here("./handwritten.py"),
        "--model",
        join(scratch, "model.py"),
        "--data",
        dataDir,
        "--epochs",
        String(EPOCHS),
        "--threads",
        String(THREADS),
        "--size",
        String(SIZE),
      ],
      { env: { ...process.env, PYTHONPATH: PYTHON_DIR }, maxBuffer: 1 << 20 },
    );
    return JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      images_per_s: number;
      val_iou: number;
      first_step_s: number;
    };
  };
  let lw, lwBetter, handBefore, handAfter;
  let workerCpuShare = Number.NaN;
  try {
    // The better model first: on a fresh machine its run is the first on this dataset at this
    // size, so it decodes and caches the images (as any first run does); the timed baseline run
    // then starts the way every later run does.
    await trainer.runnersReady();
    let t = Date.now();
    lwBetter = await layerwiseResult(db, (await submit(db, redis, world, better, 1)).id, t);
    await trainer.runnersReady();
    handBefore = await handwritten();
    t = Date.now();
    const cpu = process.cpuUsage();
    lw = await layerwiseResult(db, (await submit(db, redis, world, baseline, 2)).id, t);
    const used = process.cpuUsage(cpu);
    // The worker, dispatcher and event ingestion run in this process: what they take from the
    // cores the training uses, as a share of one core over the run.
    workerCpuShare = (used.user + used.system) / 1000 / (Date.now() - t);
    await trainer.runnersReady(); // the next spare's start is not the hand-written script's cost
    handAfter = await handwritten();
  } finally {
    await trainer.close();
  }
  const handIps = (handBefore.images_per_s + handAfter.images_per_s) / 2;
  const rows = [
    { name: "layerwise unet-small images/s", value: lw.images_per_s },
    { name: "handwritten unet-small images/s, before", value: handBefore.images_per_s },
    { name: "handwritten unet-small images/s, after", value: handAfter.images_per_s },
    {
      name: "ratio layerwise/handwritten mean (target >= 0.95)",
      value: lw.images_per_s / handIps,
    },
    { name: "Train -> running (dispatch, claim) s", value: lw.to_running_s },
    { name: "Train -> runner start s", value: lw.to_start_s },
    {
      name: "Train -> first training step s (target < 2 + python start)",
      value: lw.to_first_step_s,
    },
    { name: "python + torch import s", value: pythonStartS },
    {
      name: "Train -> first step s, the better model (this bench's first run)",
      value: lwBetter.to_first_step_s,
    },
    { name: "worker process CPU during the run, share of one core", value: workerCpuShare },
    { name: "handwritten start -> first step s", value: handBefore.first_step_s },
    { name: `val IoU unet-small baseline (${EPOCHS} epochs)`, value: lw.val_iou },
    { name: `val IoU unet-small-improved better (${EPOCHS} epochs)`, value: lwBetter.val_iou },
    { name: `val IoU handwritten baseline (${EPOCHS} epochs)`, value: handBefore.val_iou },
  ];
  for (const row of rows) {
    if (asJson)
      console.log(
        JSON.stringify({
          bench: "trainer",
          name: row.name,
          value: Number(row.value.toFixed(4)),
          epochs: EPOCHS,
          threads: THREADS,
          size: SIZE,
        }),
      );
    else console.log(`${row.name.padEnd(62)} ${row.value.toFixed(3)}`);
  }
} finally {
  await db.run.deleteMany({ where: { teamId: world.teamId } });
  await db.team.delete({ where: { id: world.teamId } });
  await db.user.delete({ where: { id: world.userId } });
  await storage.close();
  redis.disconnect();
  await db.$disconnect();
}
