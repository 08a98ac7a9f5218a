import { describe, expect, it } from "vitest";
import { INITIAL_RUN_STATE, foldRunEvent, type TRunLiveState } from "./run-state";
import type { TTrainingEvent } from "@layerwise/protocol";

function fold(events: TTrainingEvent[], from: TRunLiveState = INITIAL_RUN_STATE, firstSeq = 1) {
  return events.reduce((s, e, i) => foldRunEvent(s, firstSeq + i, e), from);
}

const epoch = (n: number, iou: number): TTrainingEvent => ({
  type: "epoch",
  epoch: n,
  train_loss: 1 / n,
  val_loss: 1.2 / n,
  val_iou: iou,
  val_dice: iou + 0.1,
  lr: 0.001,
  seconds: 2,
  images_per_s: 25,
  device: "cpu",
});

describe("foldRunEvent", () => {
  it("builds progress, step loss, epochs, best and logs from a run's events", () => {
    const s = fold([
      { type: "status", status: "queued" },
      { type: "status", status: "running" },
      { type: "start", device: "cpu", epochs: 2, torch: "2.13.0", threads: 2 },
      { type: "progress", epoch: 1, step: 5, steps: 10, loss: 0.7, eta_s: 12 },
      { type: "progress", epoch: 1, step: 10, steps: 10, loss: 0.6 },
      epoch(1, 0.3),
      { type: "log", level: "info", message: "checkpoint written" },
      epoch(2, 0.25),
      { type: "end", status: "succeeded", peak_memory_mb: 512 },
      { type: "status", status: "succeeded" },
    ]);
    expect(s).toMatchObject({
      status: "succeeded",
      device: "cpu",
      torch: "2.13.0",
      epochs: 2,
      peakMemoryMb: 512,
    });
    expect(s.stepLoss).toEqual([
      { x: 0.5, loss: 0.7 },
      { x: 1, loss: 0.6 },
    ]);
    expect(s.epochPoints.map((p) => p.val_iou)).toEqual([0.3, 0.25]);
    expect(s.best).toEqual({ epoch: 1, val_iou: 0.3, val_dice: 0.4 });
    expect(s.logs).toEqual([{ level: "info", message: "checkpoint written" }]);
    expect(s.progress).toMatchObject({ epoch: 1, step: 10, steps: 10 });
  });

  it("ignores a replayed seq and lets a resumed attempt's repeated epoch win", () => {
    const first = fold([epoch(1, 0.2), epoch(2, 0.3)]);
    expect(foldRunEvent(first, 2, epoch(2, 0.9))).toBe(first);
    const resumed = fold(
      [
        { type: "start", device: "cpu", epochs: 3, torch: "2.13.0", threads: 2, start_epoch: 2 },
        epoch(2, 0.35),
      ],
      first,
      3,
    );
    expect(resumed.epochPoints.map((p) => [p.epoch, p.val_iou])).toEqual([
      [1, 0.2],
      [2, 0.35],
    ]);
  });

  it("keeps the error of a failed run", () => {
    const s = fold([
      { type: "error", message: "CUDA out of memory" },
      { type: "status", status: "failed", error: "CUDA out of memory" },
    ]);
    expect(s.status).toBe("failed");
    expect(s.error).toBe("CUDA out of memory");
  });
});
