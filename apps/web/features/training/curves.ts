import type { TRunEpochDto } from "./server/run-dto";

/** One line of a chart: its label, colour and points (x ascending). */
export interface TCurve {
  label: string;
  color: string;
  dash?: number[];
  points: [number, number][];
}

/** The metrics a run charts per epoch. */
export type TEpochMetric = "train_loss" | "val_loss" | "val_iou" | "val_dice" | "val_acc" | "lr";

/** What the x axis counts: epochs, or seconds of training since the run began. */
export type TXAxis = "epoch" | "wall";

/** Distinct colours for up to five compared runs (colour-blind friendly, Okabe–Ito). */
export const RUN_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"] as const;

/**
 * A metric of a run as points: x = the epoch, or the training seconds at the end of that epoch
 * (summed epoch durations, so runs trained at different times start together). Epochs without the
 * metric are left out.
 */
export function epochPoints(
  epochs: readonly Pick<TRunEpochDto, "epoch" | "seconds" | TEpochMetric>[],
  metric: TEpochMetric,
  x: TXAxis,
): [number, number][] {
  const points: [number, number][] = [];
  let wall = 0;
  for (const e of epochs) {
    wall += e.seconds;
    const y = e[metric];
    if (y !== null && Number.isFinite(y)) points.push([x === "epoch" ? e.epoch : wall, y]);
  }
  return points;
}

/**
 * Exponential moving average with TensorBoard's debiasing (`weight` 0 = raw, 0.99 = very smooth):
 * the first points are not pulled towards 0, and the last point stays close to its neighbours.
 */
export function smoothEma(points: readonly [number, number][], weight: number): [number, number][] {
  if (weight <= 0) return points.map(([x, y]) => [x, y]);
  let last = 0;
  let steps = 0;
  return points.map(([x, y]) => {
    last = last * weight + (1 - weight) * y;
    steps++;
    return [x, last / (1 - weight ** steps)];
  });
}

/**
 * Curves with different x values as uPlot's aligned data: the union of every x, ascending, and
 * per curve its y at that x or null (uPlot spans the gaps).
 */
export function alignCurves(curves: readonly TCurve[]): [number[], ...(number | null)[][]] {
  const xs = [...new Set(curves.flatMap((c) => c.points.map(([x]) => x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = curves.map((c) => {
    const column: (number | null)[] = xs.map(() => null);
    for (const [x, y] of c.points) column[index.get(x)!] = y;
    return column;
  });
  return [xs, ...ys];
}

/** A y-axis tick: exponent form below 0.01 (learning rates), else at most four decimals. */
export function tickLabel(v: number): string {
  if (v === 0) return "0";
  if (Math.abs(v) < 0.01) return v.toExponential(1);
  return String(Number(v.toFixed(4)));
}
