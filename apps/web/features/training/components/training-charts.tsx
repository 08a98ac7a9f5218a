"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import type { TEpochPoint, TRunLiveState } from "./run-state";
import { UPlotChart, type TChartSeries } from "./uplot-chart";

const LOSS_SERIES: TChartSeries[] = [
  { label: "train loss (step)", color: "#94a3b8" },
  { label: "train loss", color: "#4f46e5", points: true },
  { label: "val loss", color: "#f97316", points: true },
];

/** Step losses and per-epoch losses on one x axis (fractional epochs), gaps as null. */
export function lossData(
  stepLoss: TRunLiveState["stepLoss"],
  epochs: TEpochPoint[],
): uPlot.AlignedData {
  const rows = new Map<number, [number | null, number | null, number | null]>();
  for (const p of stepLoss) rows.set(p.x, [p.loss, null, null]);
  for (const e of epochs) {
    const row = rows.get(e.epoch) ?? [null, null, null];
    rows.set(e.epoch, [row[0], e.train_loss, e.val_loss]);
  }
  const xs = [...rows.keys()].sort((a, b) => a - b);
  return [
    xs,
    xs.map((x) => rows.get(x)![0]),
    xs.map((x) => rows.get(x)![1]),
    xs.map((x) => rows.get(x)![2]),
  ];
}

/** The validation metrics per epoch: IoU and Dice (segmentation) or accuracy. */
export function metricData(epochs: TEpochPoint[], classification: boolean): uPlot.AlignedData {
  const xs = epochs.map((e) => e.epoch);
  return classification
    ? [xs, epochs.map((e) => e.val_acc)]
    : [xs, epochs.map((e) => e.val_iou), epochs.map((e) => e.val_dice)];
}

/** Live loss and IoU (or accuracy) charts of one run. */
export function TrainingCharts({
  live,
  classification,
}: {
  live: TRunLiveState;
  classification: boolean;
}) {
  const loss = useMemo(
    () => lossData(live.stepLoss, live.epochPoints),
    [live.stepLoss, live.epochPoints],
  );
  const metric = useMemo(
    () => metricData(live.epochPoints, classification),
    [live.epochPoints, classification],
  );
  const metricSeries: TChartSeries[] = classification
    ? [{ label: "val accuracy", color: "#059669" }]
    : [
        { label: "val IoU", color: "#059669" },
        { label: "val Dice", color: "#0ea5e9", dash: [4, 3] },
      ];
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <UPlotChart
        title="Loss"
        xLabel="epoch"
        series={LOSS_SERIES}
        data={loss}
        testId="loss-chart"
      />
      <UPlotChart
        title={classification ? "Validation accuracy" : "Validation IoU"}
        xLabel="epoch"
        series={metricSeries}
        data={metric}
        yRange={[0, 1]}
        testId="metric-chart"
      />
    </div>
  );
}
