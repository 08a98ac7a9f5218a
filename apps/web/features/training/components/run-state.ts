import type { TTrainingEvent } from "@layerwise/protocol";

/** One finished epoch as the live view charts it. */
export interface TEpochPoint {
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

/** Everything the live view shows, folded from the run's events in order. */
export interface TRunLiveState {
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | null;
  error: string | null;
  device: string | null;
  torch: string | null;
  threads: number | null;
  epochs: number | null;
  progress: {
    epoch: number;
    step: number;
    steps: number;
    eta_s: number | null;
    images_per_s: number | null;
  } | null;
  /** Training loss per step, x = fractional epoch (epoch − 1 + step / steps). */
  stepLoss: { x: number; loss: number }[];
  epochPoints: TEpochPoint[];
  logs: { level: string; message: string }[];
  best: { epoch: number; val_iou?: number; val_dice?: number; val_acc?: number } | null;
  peakMemoryMb: number | null;
  /** Seq of the last event folded in. */
  lastSeq: number;
}

export const INITIAL_RUN_STATE: TRunLiveState = {
  status: null,
  error: null,
  device: null,
  torch: null,
  threads: null,
  epochs: null,
  progress: null,
  stepLoss: [],
  epochPoints: [],
  logs: [],
  best: null,
  peakMemoryMb: null,
  lastSeq: 0,
};

/** Lines the log tail keeps. */
export const LOG_TAIL = 200;

function bestOf(points: TEpochPoint[]): TRunLiveState["best"] {
  let best: TEpochPoint | null = null;
  for (const p of points) {
    const score = p.val_iou ?? p.val_acc ?? -Infinity;
    if (!best || score > (best.val_iou ?? best.val_acc ?? -Infinity)) best = p;
  }
  if (!best) return null;
  return {
    epoch: best.epoch,
    ...(best.val_iou !== null ? { val_iou: best.val_iou } : {}),
    ...(best.val_dice !== null ? { val_dice: best.val_dice } : {}),
    ...(best.val_acc !== null ? { val_acc: best.val_acc } : {}),
  };
}

function foldEpoch(s: TRunLiveState, e: Extract<TTrainingEvent, { type: "epoch" }>): TRunLiveState {
  // A resumed run repeats epochs after its last checkpoint: the later report wins.
  const point: TEpochPoint = {
    epoch: e.epoch,
    train_loss: e.train_loss,
    val_loss: e.val_loss,
    val_iou: e.val_iou ?? null,
    val_dice: e.val_dice ?? null,
    val_acc: e.val_acc ?? null,
    lr: e.lr,
    seconds: e.seconds,
    images_per_s: e.images_per_s,
  };
  const epochPoints = [...s.epochPoints.filter((p) => p.epoch < e.epoch), point];
  return { ...s, epochPoints, best: bestOf(epochPoints), device: e.device };
}

/** Folds one event into the state (pure, so a replay from seq 1 rebuilds the whole history). */
export function foldRunEvent(s: TRunLiveState, seq: number, e: TTrainingEvent): TRunLiveState {
  if (seq <= s.lastSeq) return s;
  const next = { ...s, lastSeq: seq };
  switch (e.type) {
    case "status":
      return {
        ...next,
        status: e.status,
        error: e.error ?? (e.status === "failed" ? next.error : null),
      };
    case "start":
      return {
        ...next,
        status: "running",
        device: e.device,
        torch: e.torch,
        threads: e.threads,
        epochs: e.epochs,
        // A resumed attempt restarts the step curve after its checkpoint.
        stepLoss: next.stepLoss.filter((p) => p.x < (e.start_epoch ?? 1) - 1),
      };
    case "progress": {
      const x = e.epoch - 1 + e.step / e.steps;
      const stepLoss =
        e.loss === undefined
          ? next.stepLoss
          : [...next.stepLoss.filter((p) => p.x < x), { x, loss: e.loss }];
      return {
        ...next,
        stepLoss,
        progress: {
          epoch: e.epoch,
          step: e.step,
          steps: e.steps,
          eta_s: e.eta_s ?? null,
          images_per_s: e.images_per_s ?? null,
        },
      };
    }
    case "epoch":
      return foldEpoch(next, e);
    case "log":
      return {
        ...next,
        logs: [...next.logs, { level: e.level, message: e.message }].slice(-LOG_TAIL),
      };
    case "error":
      return {
        ...next,
        error: e.message,
        logs: [...next.logs, { level: "error", message: e.message }].slice(-LOG_TAIL),
      };
    case "end":
      return {
        ...next,
        best: e.best ?? next.best,
        peakMemoryMb: e.peak_memory_mb ?? next.peakMemoryMb,
      };
    default:
      return next;
  }
}
