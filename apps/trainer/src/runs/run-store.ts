import type { PrismaClient, Run } from "@layerwise/db";
import type { TRunBest, TTrainingEvent } from "@layerwise/protocol";

/**
 * Takes a run for this worker: a `queued` run nobody cancelled, or a `running` run whose worker
 * stopped sending heartbeats (BullMQ redelivered its stalled job). One conditional UPDATE, so two
 * workers can never both win. Returns null when the run is not ours to train.
 */
export async function claimRun(
  db: PrismaClient,
  runId: string,
  workerId: string,
  staleMs: number,
): Promise<Run | null> {
  const rows = await db.$queryRaw<Run[]>`
    UPDATE "Run" SET "status" = 'running', "workerId" = ${workerId}, "attempt" = "attempt" + 1,
      "startedAt" = COALESCE("startedAt", now()), "heartbeatAt" = now(), "enqueuedAt" = NULL,
      "error" = NULL
    WHERE "id" = ${runId} AND "cancelRequestedAt" IS NULL AND (
      "status" = 'queued' OR
      ("status" = 'running' AND "heartbeatAt" < now() - make_interval(secs => ${staleMs / 1000})))
    RETURNING *`;
  return rows[0] ?? null;
}

/**
 * Records that this worker still trains the run. Returns whether a cancel was requested, or
 * null when the run is no longer ours (the reconciler gave it away or finished it).
 */
export async function heartbeat(
  db: PrismaClient,
  runId: string,
  workerId: string,
): Promise<{ cancelRequested: boolean } | null> {
  const rows = await db.$queryRaw<{ cancelRequestedAt: Date | null }[]>`
    UPDATE "Run" SET "heartbeatAt" = now()
    WHERE "id" = ${runId} AND "workerId" = ${workerId} AND "status" = 'running'
    RETURNING "cancelRequestedAt"`;
  const row = rows[0];
  return row ? { cancelRequested: row.cancelRequestedAt !== null } : null;
}

type TEpochEvent = Extract<TTrainingEvent, { type: "epoch" }>;

/** The headline metric for sorting: IoU for segmentation, accuracy for classification. */
export function headlineMetric(
  task: string,
  m: { val_iou?: number; val_acc?: number },
): number | null {
  return (task === "classification" ? (m.val_acc ?? m.val_iou) : m.val_iou) ?? null;
}

/** Stores one epoch's metrics and moves the run's best when this epoch beat it. */
export async function recordEpoch(
  db: PrismaClient,
  run: Pick<Run, "id">,
  task: string,
  e: TEpochEvent,
): Promise<void> {
  const metrics = {
    trainLoss: e.train_loss,
    valLoss: e.val_loss,
    valIou: e.val_iou ?? null,
    valDice: e.val_dice ?? null,
    valAcc: e.val_acc ?? null,
    lr: e.lr,
    seconds: e.seconds,
    imagesPerS: e.images_per_s,
  };
  const metric = headlineMetric(task, e);
  const best: TRunBest = {
    epoch: e.epoch,
    val_iou: e.val_iou,
    val_dice: e.val_dice,
    val_acc: e.val_acc,
  };
  await db.$transaction(async (tx) => {
    await tx.runEpoch.upsert({
      where: { runId_epoch: { runId: run.id, epoch: e.epoch } },
      create: { runId: run.id, epoch: e.epoch, ...metrics },
      update: metrics,
    });
    const current = await tx.run.findUniqueOrThrow({
      where: { id: run.id },
      select: { bestMetric: true, epochsDone: true },
    });
    const isBetter =
      metric !== null && (current.bestMetric === null || metric > current.bestMetric);
    await tx.run.update({
      where: { id: run.id },
      data: {
        epochsDone: Math.max(current.epochsDone, e.epoch),
        ...(isBetter ? { best: best as object, bestMetric: metric } : {}),
      },
    });
  });
}

/** What the worker knows when a run ends. */
export interface TRunOutcome {
  status: "succeeded" | "failed" | "cancelled";
  error?: string;
  best?: TRunBest | null;
  peakMemoryMb?: number;
}

/** Finishes a run this worker holds; false when it no longer held it. */
export async function finishRun(
  db: PrismaClient,
  runId: string,
  workerId: string,
  outcome: TRunOutcome,
): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Run" SET "status" = ${outcome.status}::"RunStatus", "finishedAt" = now(),
      "durationMs" = (EXTRACT(EPOCH FROM (now() - COALESCE("startedAt", now()))) * 1000)::int,
      "error" = ${outcome.error ?? null},
      "peakMemoryMb" = COALESCE(${outcome.peakMemoryMb ?? null}::float8, "peakMemoryMb")
    WHERE "id" = ${runId} AND "workerId" = ${workerId} AND "status" = 'running'
    RETURNING "id"`;
  return rows.length === 1;
}

/**
 * Puts a run this worker holds back in the queue (the worker is shutting down): another worker
 * resumes it from its last checkpoint.
 */
export async function requeueRun(
  db: PrismaClient,
  runId: string,
  workerId: string,
): Promise<boolean> {
  const n = await db.run.updateMany({
    where: { id: runId, workerId, status: "running" },
    data: { status: "queued", workerId: null, enqueuedAt: null, heartbeatAt: null },
  });
  return n.count === 1;
}
