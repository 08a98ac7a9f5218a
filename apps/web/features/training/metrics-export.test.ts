import { describe, expect, it } from "vitest";
import { metricRows, metricsCsv, metricsJson } from "./metrics-export";

const run = (number: number, seconds: number[]) => ({
  id: `r${number}`,
  number,
  config: { lr: 0.001 * number },
  epochs: seconds.map((s, i) => ({
    epoch: i + 1,
    train_loss: 0.5,
    val_loss: 0.6,
    val_iou: i === 0 ? null : 0.4,
    val_dice: null,
    val_acc: null,
    lr: 0.001,
    seconds: s,
    images_per_s: 8,
  })),
});

describe("metric exports", () => {
  it("one row per run and epoch, wall time summed per run", () => {
    const rows = metricRows([run(1, [1.5, 2.25]), run(2, [3])]);
    expect(rows.map((r) => [r.run, r.epoch, r.wall_s, r.val_iou])).toEqual([
      [1, 1, 1.5, null],
      [1, 2, 3.75, 0.4],
      [2, 1, 3, null],
    ]);
  });

  it("CSV leaves missing values empty; JSON keeps each run's config", () => {
    const csv = metricsCsv([run(1, [1])]).split("\r\n");
    expect(csv[1]).toBe("1,1,0.5,0.6,,,,0.001,1,1,8");
    const json = JSON.parse(metricsJson([run(1, [1]), run(2, [1])])) as {
      runs: { number: number; config: unknown; epochs: { epoch: number }[] }[];
    };
    expect(json.runs.map((r) => [r.number, r.config, r.epochs.length])).toEqual([
      [1, { lr: 0.001 }, 1],
      [2, { lr: 0.002 }, 1],
    ]);
  });
});
