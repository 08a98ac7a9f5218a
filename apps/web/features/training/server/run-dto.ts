import type { Dataset, Run, RunEpoch, User } from "@layerwise/db";
import type { TRunBest } from "@layerwise/protocol";

/** One epoch's metrics as the API returns them (the runner's field names). */
export interface TRunEpochDto {
  epoch: number;
  train_loss: number;
  val_loss: number;
  val_iou: number | null;
  val_dice: number | null;
  val_acc: number | null;
  lr: number | null;
  seconds: number;
  images_per_s: number;
}

export type TRunRow = Run & {
  author?: Pick<User, "id" | "name"> | null;
  dataset?: Pick<Dataset, "id" | "name" | "builtinKey"> | null;
  version?: { number: number } | null;
};

const BEST_METRICS = ["val_iou", "val_dice", "val_acc"] as const;

/**
 * `Run.best` (JSON) as the browser gets it: the epoch and only the metrics that are numbers. The
 * worker leaves out a metric the task does not have, but a row written another way (SQL, an older
 * worker) may hold it as null, and the views read "present" as "a number".
 */
export function runBest(json: unknown): TRunBest | null {
  if (typeof json !== "object" || json === null) return null;
  const o = json as Record<string, unknown>;
  if (typeof o.epoch !== "number") return null;
  const best: TRunBest = { epoch: o.epoch };
  for (const k of BEST_METRICS) {
    const v = o[k];
    if (typeof v === "number" && Number.isFinite(v)) best[k] = v;
  }
  return best;
}

/** A run as lists and mutations return it. */
export function runDto(run: TRunRow, extra: { queuePosition?: number | null } = {}) {
  const datasetRef = (run.config as { dataset?: unknown }).dataset;
  return {
    id: run.id,
    number: run.number,
    projectId: run.projectId,
    versionId: run.versionId,
    versionNumber: run.version?.number ?? null,
    status: run.status,
    config: run.config,
    dataset: run.dataset
      ? { id: run.dataset.builtinKey ?? run.dataset.id, name: run.dataset.name }
      : typeof datasetRef === "string"
        ? { id: datasetRef, name: datasetRef }
        : null,
    author: run.author ? { id: run.author.id, name: run.author.name } : null,
    device: run.device,
    torchVersion: run.torchVersion,
    attempt: run.attempt,
    createdAt: run.createdAt.toISOString(),
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.durationMs,
    error: run.error,
    best: runBest(run.best),
    bestMetric: run.bestMetric,
    epochsDone: run.epochsDone,
    peakMemoryMb: run.peakMemoryMb,
    cancelRequested: run.cancelRequestedAt !== null,
    queuePosition: extra.queuePosition ?? null,
  };
}
export type TRunDto = ReturnType<typeof runDto>;

/** Epoch rows in the runner's vocabulary. */
export function epochDto(e: RunEpoch): TRunEpochDto {
  return {
    epoch: e.epoch,
    train_loss: e.trainLoss,
    val_loss: e.valLoss,
    val_iou: e.valIou,
    val_dice: e.valDice,
    val_acc: e.valAcc,
    lr: e.lr,
    seconds: e.seconds,
    images_per_s: e.imagesPerS,
  };
}

/** The relations every run DTO shows. */
export const RUN_INCLUDE = {
  author: { select: { id: true, name: true } },
  dataset: { select: { id: true, name: true, builtinKey: true } },
  version: { select: { number: true } },
} as const;
