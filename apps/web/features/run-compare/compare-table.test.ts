import { describe, expect, it } from "vitest";
import { bestRunIndex, compareTable, type TTableRun } from "./compare-table";

const epoch = (n: number, iou: number) => ({
  epoch: n,
  train_loss: 1 - iou,
  val_loss: 1.2 - iou,
  val_iou: iou,
  val_dice: iou + 0.1,
  val_acc: null,
  lr: 0.001,
  seconds: 1,
  images_per_s: 4,
});

const run = (number: number, config: object, ious: number[], version = 1): TTableRun => ({
  number,
  status: "succeeded",
  config,
  dataset: { name: "Nuclei" },
  author: { name: "Ada" },
  device: "cpu",
  durationMs: 61_400,
  epochs: ious.map((iou, i) => epoch(i + 1, iou)),
  version: { number: version, totalParams: 1_234_567 },
});

describe("compareTable", () => {
  const runs = [
    run(1, { lr: 0.001, batch_size: 8, dataset: "nuclei" }, [0.3, 0.4, 0.38]),
    run(2, { lr: 0.0005, batch_size: 8, seed: 1 }, [0.35, 0.55], 2),
  ];
  const rows = compareTable(runs);
  const byKey = new Map(rows.map((r) => [r.key, r]));

  it("lists every config key any run has, marks differing rows", () => {
    expect(rows.filter((r) => r.section === "hyperparameters").map((r) => r.key)).toEqual([
      "config.batch_size",
      "config.lr",
      "config.seed",
    ]);
    expect(byKey.get("config.lr")).toMatchObject({ cells: ["0.001", "0.0005"], differs: true });
    expect(byKey.get("config.batch_size")).toMatchObject({ cells: ["8", "8"], differs: false });
    expect(byKey.get("config.seed")!.cells).toEqual(["—", "1"]);
    expect(byKey.get("version")).toMatchObject({ cells: ["v1", "v2"], differs: true });
    expect(byKey.get("params")).toMatchObject({
      cells: ["1,234,567", "1,234,567"],
      differs: false,
    });
    expect(byKey.get("duration")!.cells).toEqual(["61 s", "61 s"]);
  });

  it("reports the best epoch's IoU and Dice and the last losses", () => {
    expect(byKey.get("best_iou")!.cells).toEqual(["0.4", "0.55"]);
    expect(byKey.get("best_dice")!.cells).toEqual(["0.5", "0.65"]);
    expect(byKey.get("best_epoch")!.cells).toEqual(["2", "2"]);
    expect(byKey.get("train_loss")!.cells).toEqual(["0.62", "0.45"]);
    expect(byKey.has("best_acc")).toBe(false);
  });

  it("finds the better run by its best IoU", () => {
    expect(bestRunIndex(runs)).toBe(1);
    expect(bestRunIndex([run(1, {}, []), run(2, {}, [])])).toBe(null);
  });
});
