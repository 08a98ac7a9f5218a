import { describe, expect, it } from "vitest";
import {
  TRAINING_PROTOCOL_VERSION,
  ZRunConfig,
  ZRunConfigInput,
  ZRunEventMessage,
  ZRunSpec,
  ZTrainingEvent,
  runChannel,
} from "./training";

const EPOCH =
  '{"type":"epoch","epoch":3,"train_loss":0.41,"val_loss":0.45,"val_iou":0.62,"val_dice":0.76,"lr":0.001,"seconds":8.2,"images_per_s":310.5,"device":"cuda"}';

describe("training events", () => {
  it("is version 2 of the contract", () => {
    expect(TRAINING_PROTOCOL_VERSION).toBe(2);
  });

  it("accepts an epoch event as the runner writes it", () => {
    const parsed = ZTrainingEvent.parse(JSON.parse(EPOCH));
    expect(parsed).toMatchObject({ type: "epoch", lr: 0.001, val_iou: 0.62 });
    const extra = ZTrainingEvent.parse({ ...JSON.parse(EPOCH), is_best: true });
    expect(extra).toMatchObject({ is_best: true });
  });

  it("accepts a classification epoch with val_acc and no val_iou", () => {
    const event = { ...JSON.parse(EPOCH), val_iou: undefined, val_dice: undefined, val_acc: 0.9 };
    expect(ZTrainingEvent.safeParse(event).success).toBe(true);
  });

  it("rejects an epoch event with neither val_iou nor val_acc, without lr, or with NaN", () => {
    const base = JSON.parse(EPOCH) as Record<string, unknown>;
    const noMetric = ZTrainingEvent.safeParse({ ...base, val_iou: undefined });
    expect(noMetric.success).toBe(false);
    expect(noMetric.error?.issues[0]?.message).toMatch(/val_iou .* or val_acc/);
    expect(ZTrainingEvent.safeParse({ ...base, lr: undefined }).success).toBe(false);
    expect(ZTrainingEvent.safeParse({ ...base, train_loss: Number.NaN }).success).toBe(false);
    expect(ZTrainingEvent.safeParse({ type: "explode" }).success).toBe(false);
  });

  it("carries torch and threads on start, eta on progress, best and peak memory on end", () => {
    const start = { type: "start", device: "cpu", epochs: 2, torch: "2.13.0", threads: 2 };
    expect(ZTrainingEvent.parse(start)).toMatchObject({ torch: "2.13.0", threads: 2 });
    expect(ZTrainingEvent.safeParse({ ...start, torch: undefined }).success).toBe(false);
    const progress = { type: "progress", epoch: 1, step: 3, steps: 24, eta_s: 12.5 };
    expect(ZTrainingEvent.parse({ ...progress, images_per_s: 25 })).toMatchObject({ eta_s: 12.5 });
    const end = {
      type: "end",
      status: "succeeded",
      best: { epoch: 2, val_iou: 0.41, val_dice: 0.58 },
      peak_memory_mb: 812.5,
    };
    expect(ZTrainingEvent.parse(end)).toMatchObject({ best: { epoch: 2 }, peak_memory_mb: 812.5 });
    expect(ZTrainingEvent.safeParse({ ...end, status: "failed" }).success).toBe(false);
  });

  it("has a platform status event and wraps stored events with their sequence number", () => {
    const message = { seq: 7, event: { type: "status", status: "failed", error: "worker lost" } };
    expect(ZRunEventMessage.parse(message).event).toMatchObject({ status: "failed" });
    expect(ZRunEventMessage.safeParse({ ...message, seq: 0 }).success).toBe(false);
  });

  it("names the run channel as ARCHITECTURE.md says", () => {
    expect(runChannel("abc")).toBe("run:abc");
  });
});

describe("run config and run.json", () => {
  it("fills every default and refuses unknown or out-of-range fields in requests", () => {
    const config = ZRunConfig.parse({});
    expect(config).toMatchObject({ epochs: 20, batch_size: 8, optimizer: "Adam", loss: "auto" });
    expect(ZRunConfigInput.safeParse({ epochs: 2, lr: 0.01 }).success).toBe(true);
    expect(ZRunConfigInput.safeParse({ epoch: 2 }).success).toBe(false);
    expect(ZRunConfigInput.safeParse({ batch_size: 0 }).success).toBe(false);
    expect(ZRunConfigInput.safeParse({ optimizer: "Adagrad" }).success).toBe(false);
  });

  it("validates a run.json as the worker writes it", () => {
    const spec = {
      runId: "r1",
      task: "binary-segmentation",
      num_classes: 1,
      input: {
        shape: [3, 64, 64],
        normalize: true,
        augment: { hflip: true, vflip: false, rotate: 0, crop: 0, color_jitter: 0 },
      },
      dataset: { id: "nuclei", path: "/tmp/nuclei" },
      config: ZRunConfig.parse({ epochs: 1 }),
      resume: null,
      limits: { max_seconds: 3600, max_memory_mb: 8192 },
    };
    expect(ZRunSpec.parse(spec).config.epochs).toBe(1);
    expect(ZRunSpec.safeParse({ ...spec, resume: "other.pt" }).success).toBe(false);
    expect(ZRunSpec.safeParse({ ...spec, input: { ...spec.input, shape: [64, 64] } }).success).toBe(
      false,
    );
  });
});
