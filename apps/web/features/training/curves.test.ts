import { describe, expect, it } from "vitest";
import { curvesToSvg } from "./chart-svg";
import { alignCurves, epochPoints, smoothEma, tickLabel, type TCurve } from "./curves";

const epochs = [
  {
    epoch: 1,
    seconds: 10,
    train_loss: 0.9,
    val_loss: 1,
    val_iou: 0.2,
    val_dice: 0.3,
    val_acc: null,
    lr: 0.01,
  },
  {
    epoch: 2,
    seconds: 12,
    train_loss: 0.7,
    val_loss: 0.8,
    val_iou: 0.4,
    val_dice: 0.5,
    val_acc: null,
    lr: 0.005,
  },
  {
    epoch: 3,
    seconds: 11,
    train_loss: 0.6,
    val_loss: 0.9,
    val_iou: null,
    val_dice: null,
    val_acc: null,
    lr: 0.001,
  },
];

describe("curves", () => {
  it("charts a metric per epoch or per training second, leaving out missing values", () => {
    expect(epochPoints(epochs, "val_iou", "epoch")).toEqual([
      [1, 0.2],
      [2, 0.4],
    ]);
    expect(epochPoints(epochs, "train_loss", "wall")).toEqual([
      [10, 0.9],
      [22, 0.7],
      [33, 0.6],
    ]);
    expect(epochPoints(epochs, "val_acc", "epoch")).toEqual([]);
  });

  it("smooths with a debiased EMA: weight 0 is the raw curve, the first point stays put", () => {
    const raw: [number, number][] = [
      [1, 1],
      [2, 0],
      [3, 1],
    ];
    expect(smoothEma(raw, 0)).toEqual(raw);
    const smooth = smoothEma(raw, 0.5);
    expect(smooth[0]).toEqual([1, 1]);
    // raw EMA 0.5, 0.25, 0.625; debiased 0.5 / 0.5, 0.25 / 0.75 = 1/3, 0.625 / 0.875 = 5/7
    expect(smooth[1]![1]).toBeCloseTo(1 / 3, 10);
    expect(smooth[2]![1]).toBeCloseTo(5 / 7, 10);
  });

  it("aligns curves of different x on the union of their x values, gaps as null", () => {
    const a: TCurve = {
      label: "#1",
      color: "#000",
      points: [
        [1, 0.1],
        [3, 0.3],
      ],
    };
    const b: TCurve = {
      label: "#2",
      color: "#111",
      points: [
        [2, 0.2],
        [3, 0.35],
      ],
    };
    expect(alignCurves([a, b])).toEqual([
      [1, 2, 3],
      [0.1, null, 0.3],
      [null, 0.2, 0.35],
    ]);
  });
});

describe("curvesToSvg", () => {
  it("draws one polyline per curve, scaled into the plot, with title, axis label and legend", () => {
    const svg = curvesToSvg({
      title: "Val IoU <best>",
      xLabel: "epoch",
      yRange: [0, 1],
      width: 200,
      height: 100,
      curves: [
        {
          label: "run #1",
          color: "#0072B2",
          points: [
            [1, 0],
            [2, 1],
          ],
        },
        { label: "run #2", color: "#D55E00", dash: [4, 2], points: [[1, 0.5]] },
        { label: "empty", color: "#000", points: [] },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain("Val IoU &lt;best&gt;");
    const lines = [...svg.matchAll(/<polyline data-label="([^"]+)"[^>]*points="([^"]+)"/g)];
    expect(lines.map((l) => l[1])).toEqual(["run #1", "run #2"]);
    // Plot box: left 56, right 200 − 16 = 184, top 28, bottom 100 − 56 = 44.
    expect(lines[0]![2]).toBe("56.00,44.00 184.00,28.00");
    expect(lines[1]![2]).toBe("56.00,36.00");
    expect(svg).toContain('stroke-dasharray="4 2"');
    expect(svg).toContain(">run #2</text>");
    expect(svg).not.toContain(">empty</text>");
  });
});

describe("tickLabel", () => {
  it("keeps learning rates apart instead of rounding them all to 0.001", () => {
    expect([0.0005, 0.00075, 0.001].map(tickLabel)).toEqual(["5.0e-4", "7.5e-4", "1.0e-3"]);
    expect([0, 0.25, 1.123456, 120].map(tickLabel)).toEqual(["0", "0.25", "1.1235", "120"]);
  });
});
