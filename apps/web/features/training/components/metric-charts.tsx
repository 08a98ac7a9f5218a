"use client";

import { useMemo, useRef, useState } from "react";
import type uPlot from "uplot";
import { curvesToSvg } from "../chart-svg";
import {
  alignCurves,
  epochPoints,
  RUN_COLORS,
  smoothEma,
  type TCurve,
  type TEpochMetric,
  type TXAxis,
} from "../curves";
import type { TRunEpochDto } from "../server/run-dto";
import { UPlotChart } from "./uplot-chart";

/** A run as the charts need it. */
export interface TChartRun {
  number: number;
  epochs: readonly TRunEpochDto[];
}

interface TChartSpec {
  key: string;
  title: string;
  yRange?: [number, number];
  curves: TCurve[];
}

const METRIC_TITLES: Record<TEpochMetric, string> = {
  val_iou: "Validation IoU",
  val_loss: "Validation loss",
  train_loss: "Training loss",
  val_dice: "Validation Dice",
  val_acc: "Validation accuracy",
  lr: "Learning rate",
};
const UNIT_RANGE: Partial<Record<TEpochMetric, [number, number]>> = {
  val_iou: [0, 1],
  val_dice: [0, 1],
  val_acc: [0, 1],
};

function isClassification(runs: readonly TChartRun[]) {
  return runs.some((r) => r.epochs.some((e) => e.val_acc !== null));
}

/** One run's charts: losses together, IoU with Dice (or accuracy), learning rate. */
function singleRunCharts(run: TChartRun, x: TXAxis, weight: number): TChartSpec[] {
  const curve = (metric: TEpochMetric, label: string, color: string, dash?: number[]): TCurve => ({
    label,
    color,
    dash,
    points: smoothEma(epochPoints(run.epochs, metric, x), metric === "lr" ? 0 : weight),
  });
  return [
    {
      key: "loss",
      title: "Loss",
      curves: [
        curve("train_loss", "train loss", "#4f46e5"),
        curve("val_loss", "val loss", "#f97316"),
      ],
    },
    isClassification([run])
      ? {
          key: "accuracy",
          title: "Validation accuracy",
          yRange: [0, 1],
          curves: [curve("val_acc", "val accuracy", "#059669")],
        }
      : {
          key: "iou",
          title: "Validation IoU and Dice",
          yRange: [0, 1],
          curves: [
            curve("val_iou", "val IoU", "#059669"),
            curve("val_dice", "val Dice", "#0ea5e9", [4, 3]),
          ],
        },
    { key: "lr", title: "Learning rate", curves: [curve("lr", "lr", "#64748b")] },
  ];
}

/** Compared runs: one chart per metric, one curve per run. */
function overlayCharts(runs: readonly TChartRun[], x: TXAxis, weight: number): TChartSpec[] {
  const metrics: TEpochMetric[] = [
    "val_iou",
    "val_loss",
    "train_loss",
    isClassification(runs) ? "val_acc" : "val_dice",
    "lr",
  ];
  return metrics.map((metric) => ({
    key: metric,
    title: METRIC_TITLES[metric],
    yRange: UNIT_RANGE[metric],
    curves: runs.map((run, i) => ({
      label: `#${run.number}`,
      color: RUN_COLORS[i % RUN_COLORS.length]!,
      points: smoothEma(epochPoints(run.epochs, metric, x), metric === "lr" ? 0 : weight),
    })),
  }));
}

function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The plot's own canvas on white, with the title above and the legend below, as PNG. */
function exportPng(plot: uPlot, spec: TChartSpec, name: string) {
  const src = plot.ctx.canvas;
  const ratio = src.width / Math.max(1, plot.width);
  const canvas = document.createElement("canvas");
  canvas.width = src.width;
  canvas.height = src.height + 56 * ratio;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = "#0f172a";
  ctx.font = `bold ${13 * ratio}px sans-serif`;
  ctx.fillText(spec.title, 8 * ratio, 18 * ratio);
  ctx.drawImage(src, 0, 28 * ratio);
  ctx.font = `${11 * ratio}px sans-serif`;
  spec.curves.forEach((c, i) => {
    const x = (8 + i * 110) * ratio;
    const y = canvas.height - 10 * ratio;
    ctx.fillStyle = c.color;
    ctx.fillRect(x, y - 8 * ratio, 14 * ratio, 3 * ratio);
    ctx.fillStyle = "#0f172a";
    ctx.fillText(c.label, x + 18 * ratio, y);
  });
  canvas.toBlob((blob) => blob && download(`${name}.png`, blob), "image/png");
}

function Chart({
  spec,
  xLabel,
  exportName,
}: {
  spec: TChartSpec;
  xLabel: string;
  exportName: string;
}) {
  const plotRef = useRef<uPlot | null>(null);
  const data = useMemo(() => alignCurves(spec.curves), [spec.curves]);
  const series = useMemo(
    () => spec.curves.map((c) => ({ label: c.label, color: c.color, dash: c.dash })),
    [spec.curves],
  );
  const name = `${exportName}-${spec.key}`;
  return (
    <figure className="flex min-w-0 flex-col gap-1" data-testid={`chart-${spec.key}`}>
      <UPlotChart
        title={spec.title}
        xLabel={xLabel}
        series={series}
        data={data as uPlot.AlignedData}
        yRange={spec.yRange}
        plotRef={plotRef}
        testId={`uplot-${spec.key}`}
      />
      <figcaption className="flex gap-2 text-xs">
        <button
          type="button"
          className="underline"
          onClick={() => plotRef.current && exportPng(plotRef.current, spec, name)}
        >
          PNG
        </button>
        <button
          type="button"
          className="underline"
          onClick={() =>
            download(
              `${name}.svg`,
              new Blob(
                [
                  curvesToSvg({
                    title: spec.title,
                    xLabel,
                    curves: spec.curves,
                    yRange: spec.yRange,
                  }),
                ],
                {
                  type: "image/svg+xml",
                },
              ),
            )
          }
        >
          SVG
        </button>
      </figcaption>
    </figure>
  );
}

/**
 * Metric charts with the controls every chart shares: EMA smoothing, epoch or wall-time x axis.
 * One run: losses, IoU/Dice (or accuracy) and learning rate; several: one chart per metric with
 * a curve per run. Hover shows the values in the legend; drag to zoom, double-click to reset.
 */
export function MetricCharts({
  runs,
  exportName,
}: {
  runs: readonly TChartRun[];
  exportName: string;
}) {
  const [x, setX] = useState<TXAxis>("epoch");
  const [weight, setWeight] = useState(0);
  const specs = useMemo(
    () =>
      runs.length === 1 ? singleRunCharts(runs[0]!, x, weight) : overlayCharts(runs, x, weight),
    [runs, x, weight],
  );
  const xLabel = x === "epoch" ? "epoch" : "training time (s)";
  return (
    <section className="flex flex-col gap-3" aria-label="Metric charts">
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          Smoothing
          <input
            type="range"
            min={0}
            max={0.95}
            step={0.05}
            value={weight}
            onChange={(e) => setWeight(Number(e.target.value))}
            aria-label="Smoothing"
          />
          <span className="w-8 tabular-nums">{weight.toFixed(2)}</span>
        </label>
        <label className="flex items-center gap-2">
          x axis
          <select
            value={x}
            onChange={(e) => setX(e.target.value as TXAxis)}
            aria-label="x axis"
            className="rounded border border-slate-300 px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="epoch">epoch</option>
            <option value="wall">wall time</option>
          </select>
        </label>
        <span className="text-xs text-slate-500">Drag to zoom, double-click to reset.</span>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {specs.map((spec) => (
          <Chart key={spec.key} spec={spec} xLabel={xLabel} exportName={exportName} />
        ))}
      </div>
    </section>
  );
}
