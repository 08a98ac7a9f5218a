import { describe, expect, it } from "vitest";
import type { TEpochPoint } from "./run-state";
import { lossData, metricData } from "./training-charts";

const epoch = (n: number, extra: Partial<TEpochPoint> = {}): TEpochPoint => ({
  epoch: n,
  train_loss: 1 / n,
  val_loss: 2 / n,
  val_iou: 0.1 * n,
  val_dice: 0.2 * n,
  val_acc: null,
  lr: 0.001,
  seconds: 1,
  images_per_s: 10,
  ...extra,
});

describe("chart data", () => {
  it("puts step losses and epoch losses on one fractional-epoch axis, gaps as null", () => {
    const data = lossData(
      [
        { x: 0.5, loss: 0.9 },
        { x: 1, loss: 0.8 },
        { x: 1.5, loss: 0.6 },
      ],
      [epoch(1)],
    );
    expect(data).toEqual([
      [0.5, 1, 1.5],
      [0.9, 0.8, 0.6],
      [null, 1, null],
      [null, 2, null],
    ]);
  });

  it("charts IoU and Dice for segmentation, accuracy for classification", () => {
    expect(metricData([epoch(1), epoch(2)], false)).toEqual([
      [1, 2],
      [0.1, 0.2],
      [0.2, 0.4],
    ]);
    expect(metricData([epoch(1, { val_acc: 0.5 })], true)).toEqual([[1], [0.5]]);
  });
});
