import { z } from "zod";

/**
 * Version of the training contract (queue name, job payload, run.json, runner events).
 * 2: epoch events carry `lr` and make `val_iou` optional for classification (then `val_acc` is
 * required); progress carries `eta_s` / `images_per_s`; start carries `torch` and `threads`; end
 * carries `best` and `peak_memory_mb`; the worker's own `status` event; run config and run.json.
 */
export const TRAINING_PROTOCOL_VERSION = 2;

/** BullMQ queue name. Job id = run id. */
export const TRAINING_QUEUE = "training";

/** Job data: the run id only. The worker loads everything else from Postgres. */
export const ZTrainJob = z.object({ runId: z.string().min(1) });
export type TTrainJob = z.infer<typeof ZTrainJob>;

/** Redis pub/sub channel of a run's live events. */
export const runChannel = (runId: string): string => `run:${runId}`;

/** Redis pub/sub channel that wakes the dispatchers when a run was queued or a slot freed. */
export const DISPATCH_CHANNEL = "training:dispatch";

/**
 * Redis pub/sub channel on which the web app names a running run (the message is its id) right
 * after setting its cancel flag, so the worker holding it reads the flag at once instead of at its
 * next heartbeat. Postgres stays the truth: the message only makes the worker look now.
 */
export const CANCEL_CHANNEL = "training:cancel";

export const RUN_TASKS = [
  "binary-segmentation",
  "multiclass-segmentation",
  "classification",
] as const;
export const ZRunTask = z.enum(RUN_TASKS);
export type TRunTask = z.infer<typeof ZRunTask>;

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const ZRunStatus = z.enum(RUN_STATUSES);
export type TRunStatus = z.infer<typeof ZRunStatus>;

/** The files a run produces that members may download (`GET /api/runs/{id}/artifacts/{name}`). */
export const RUN_ARTIFACTS = [
  "model.py",
  "best.pt",
  "final.pt",
  "model.onnx",
  "metrics.csv",
  "log.txt",
] as const;
export type TRunArtifact = (typeof RUN_ARTIFACTS)[number];

/**
 * The training configuration, as run.json's `config` receives it. Every field has a default so a
 * run can be started with none; the Output node's params and the request's `config` override it.
 */
export const ZRunConfig = z.object({
  epochs: z.number().int().min(1).max(10_000).default(20),
  batch_size: z.number().int().min(1).max(4096).default(8),
  lr: z.number().positive().max(10).default(0.001),
  optimizer: z.enum(["Adam", "AdamW", "SGD", "RMSprop"]).default("Adam"),
  momentum: z.number().min(0).max(1).default(0.9),
  weight_decay: z.number().min(0).max(1).default(0),
  schedule: z.enum(["constant", "cosine", "step", "onecycle"]).default("constant"),
  loss: z.enum(["auto", "bce", "dice", "bce_dice", "cross_entropy"]).default("auto"),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  device: z.enum(["auto", "cuda", "cpu"]).default("auto"),
  amp: z.boolean().default(true),
  early_stopping_patience: z.number().int().min(1).max(10_000).nullable().default(null),
  num_workers: z.number().int().min(0).max(32).default(0),
  threads: z.number().int().min(1).max(256).nullable().default(null),
});
export type TRunConfig = z.infer<typeof ZRunConfig>;

/** The request's `config`: any subset of the fields, unknown keys refused. */
export const ZRunConfigInput = ZRunConfig.partial().strict();
export type TRunConfigInput = z.infer<typeof ZRunConfigInput>;

/** Input node settings the runner applies to every sample. */
export const ZRunInput = z.object({
  shape: z.array(z.number().int().positive()).length(3),
  normalize: z.boolean(),
  augment: z.object({
    hflip: z.boolean(),
    vflip: z.boolean(),
    rotate: z.number().min(0).max(180),
    crop: z.number().min(0).max(1),
    color_jitter: z.number().min(0).max(1),
  }),
});
export type TRunInput = z.infer<typeof ZRunInput>;

/** `run.json` in the run directory (apps/trainer/python/README.md). */
export const ZRunSpec = z.object({
  runId: z.string().min(1),
  task: ZRunTask,
  num_classes: z.number().int().min(1),
  input: ZRunInput,
  dataset: z.object({ id: z.string().min(1), path: z.string().min(1) }),
  config: ZRunConfig,
  resume: z.literal("checkpoint.pt").nullable(),
  limits: z.object({
    max_seconds: z.number().int().positive(),
    max_memory_mb: z.number().int().positive(),
  }),
});
export type TRunSpec = z.infer<typeof ZRunSpec>;

// Loose: fields the runner adds beyond these (device_name, is_best, artifacts…) reach the
// stored log and the browser instead of being dropped.
const ZBase = z.looseObject({ time: z.string().optional() });
const ZMetric = z.number().finite();

/** The best epoch so far, as the end event and `Run.best` carry it. */
export const ZRunBest = z.object({
  epoch: z.number().int().positive(),
  val_iou: ZMetric.optional(),
  val_dice: ZMetric.optional(),
  val_acc: ZMetric.optional(),
});
export type TRunBest = z.infer<typeof ZRunBest>;

const ZStartEvent = ZBase.extend({
  type: z.literal("start"),
  device: z.string(),
  epochs: z.number().int().positive(),
  params: z.number().int().nonnegative().optional(),
  torch: z.string(),
  threads: z.number().int().positive(),
  train_count: z.number().int().nonnegative().optional(),
  val_count: z.number().int().nonnegative().optional(),
  steps_per_epoch: z.number().int().positive().optional(),
  /** The last epoch already done when this attempt resumed from a checkpoint (0 when fresh). */
  resumed_from_epoch: z.number().int().nonnegative().optional(),
  /** The first epoch this attempt trains (> 1 when resuming). */
  start_epoch: z.number().int().positive().optional(),
});

const ZProgressEvent = ZBase.extend({
  type: z.literal("progress"),
  epoch: z.number().int().positive(),
  step: z.number().int().nonnegative(),
  steps: z.number().int().positive(),
  loss: z.number().optional(),
  eta_s: z.number().nonnegative().optional(),
  images_per_s: z.number().nonnegative().optional(),
});

const ZEpochEvent = ZBase.extend({
  type: z.literal("epoch"),
  epoch: z.number().int().positive(),
  train_loss: ZMetric,
  val_loss: ZMetric,
  val_iou: ZMetric.optional(),
  val_dice: ZMetric.optional(),
  val_acc: ZMetric.optional(),
  lr: z.number().nonnegative(),
  seconds: z.number().nonnegative(),
  images_per_s: z.number().nonnegative(),
  device: z.string(),
}).refine((e) => e.val_iou !== undefined || e.val_acc !== undefined, {
  message: "an epoch event needs val_iou (segmentation) or val_acc (classification)",
  path: ["val_iou"],
});

export const ZTrainingEvent = z.discriminatedUnion("type", [
  ZStartEvent,
  ZProgressEvent,
  ZEpochEvent,
  ZBase.extend({
    type: z.literal("checkpoint"),
    epoch: z.number().int().positive(),
    path: z.string(),
    kind: z.enum(["resume", "best"]).optional(),
  }),
  ZBase.extend({
    type: z.literal("log"),
    level: z.enum(["debug", "info", "warn", "error"]),
    message: z.string(),
  }),
  ZBase.extend({
    type: z.literal("end"),
    status: z.enum(["succeeded", "cancelled"]),
    best: ZRunBest.nullable().optional(),
    peak_memory_mb: z.number().nonnegative().optional(),
    epochs_completed: z.number().int().nonnegative().optional(),
    seconds: z.number().nonnegative().optional(),
  }),
  ZBase.extend({
    type: z.literal("error"),
    message: z.string(),
    traceback: z.string().optional(),
    code: z.string().optional(),
  }),
  /**
   * Written by the platform (worker, dispatcher, cancel), never by the runner: every change of the
   * run's status, so a live view knows when the run is over without polling.
   */
  ZBase.extend({
    type: z.literal("status"),
    status: ZRunStatus,
    error: z.string().optional(),
    attempt: z.number().int().nonnegative().optional(),
  }),
]);
export type TTrainingEvent = z.infer<typeof ZTrainingEvent>;

/** One stored event as the SSE stream and Redis `run:<id>` carry it: `seq` is the SSE id. */
export const ZRunEventMessage = z.object({
  seq: z.number().int().positive(),
  event: ZTrainingEvent,
});
export type TRunEventMessage = z.infer<typeof ZRunEventMessage>;
