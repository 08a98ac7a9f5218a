import { z } from "zod";

/** Version of the training contract (queue name, job payload, runner events). */
export const TRAINING_PROTOCOL_VERSION = 1;

/** BullMQ queue name. Job id = run id. */
export const TRAINING_QUEUE = "training";

/** Job data: the run id only. The worker loads everything else from Postgres. */
export const ZTrainJob = z.object({ runId: z.string().min(1) });
export type TTrainJob = z.infer<typeof ZTrainJob>;

/** Redis pub/sub channel of a run's live events. */
export const runChannel = (runId: string): string => `run:${runId}`;

const ZBase = z.object({ time: z.string().optional() });

export const ZTrainingEvent = z.discriminatedUnion("type", [
  ZBase.extend({
    type: z.literal("start"),
    device: z.string(),
    epochs: z.number().int().positive(),
    params: z.number().int().nonnegative().optional(),
  }),
  ZBase.extend({
    type: z.literal("progress"),
    epoch: z.number().int().positive(),
    step: z.number().int().nonnegative(),
    steps: z.number().int().positive(),
    loss: z.number().optional(),
  }),
  ZBase.extend({
    type: z.literal("epoch"),
    epoch: z.number().int().positive(),
    train_loss: z.number(),
    val_loss: z.number(),
    val_iou: z.number(),
    val_dice: z.number().optional(),
    val_acc: z.number().optional(),
    seconds: z.number().nonnegative(),
    images_per_s: z.number().nonnegative(),
    device: z.string(),
  }),
  ZBase.extend({
    type: z.literal("checkpoint"),
    epoch: z.number().int().positive(),
    path: z.string(),
  }),
  ZBase.extend({
    type: z.literal("log"),
    level: z.enum(["debug", "info", "warn", "error"]),
    message: z.string(),
  }),
  ZBase.extend({
    type: z.literal("end"),
    status: z.enum(["succeeded", "cancelled"]),
    best_val_iou: z.number().optional(),
  }),
  ZBase.extend({ type: z.literal("error"), message: z.string(), traceback: z.string().optional() }),
]);
export type TTrainingEvent = z.infer<typeof ZTrainingEvent>;
