import { describe, expect, it } from "vitest";
import { runBest } from "./run-dto";

describe("runBest", () => {
  it("keeps the epoch and the metrics that are numbers, drops nulls and junk", () => {
    expect(runBest({ epoch: 4, val_iou: 0.61, val_dice: 0.75, val_acc: null })).toEqual({
      epoch: 4,
      val_iou: 0.61,
      val_dice: 0.75,
    });
    expect(runBest({ epoch: 2, val_acc: 0.9, val_iou: "0.5", extra: 1 })).toEqual({
      epoch: 2,
      val_acc: 0.9,
    });
  });

  it("is null for anything that is not a best epoch", () => {
    for (const json of [null, undefined, 3, "best", [], { val_iou: 0.5 }])
      expect(runBest(json)).toBeNull();
  });
});
