"use client";

import { memo, useEffect, useRef, type RefObject } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { tickLabel } from "../curves";

export interface TChartSeries {
  label: string;
  color: string;
  /** Draw points only (sparse series such as per-epoch values among per-step ones). */
  points?: boolean;
  dash?: number[];
}

interface TProps {
  title: string;
  xLabel: string;
  series: TChartSeries[];
  /** uPlot's aligned data: [xs, ...one array per series] (null = no value at that x). */
  data: uPlot.AlignedData;
  yRange?: [number, number];
  height?: number;
  testId?: string;
  /** Receives the live uPlot instance (for image exports); null once it is destroyed. */
  plotRef?: RefObject<uPlot | null>;
}

/** Whole-epoch ticks: an epoch axis never reads 1.25, 1.5, 1.75. */
const EPOCH_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

function options(props: TProps, width: number): uPlot.Options {
  return {
    title: props.title,
    width,
    height: props.height ?? 200,
    scales: { x: { time: false }, ...(props.yRange ? { y: { range: props.yRange } } : {}) },
    // Small values (learning rates) in exponent form: uPlot's default rounds 5e-4 to "0.001".
    axes: [
      { label: props.xLabel, ...(props.xLabel === "epoch" ? { incrs: EPOCH_INCRS } : {}) },
      { size: 60, values: (_u, splits) => splits.map(tickLabel) },
    ],
    cursor: { drag: { x: true, y: false } },
    series: [
      { label: props.xLabel },
      ...props.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: s.points ? 0 : 1.5,
        dash: s.dash,
        spanGaps: true,
        points: { show: s.points ?? false, size: 6, fill: s.color },
      })),
    ],
  };
}

/**
 * A uPlot chart that follows its data: the plot is created once per series layout and updated
 * with `setData` (uPlot redraws thousands of points per frame, zoom by dragging, double-click to
 * reset), and resized with its container.
 */
function UPlotChartView(props: TProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const layout = `${props.title}|${props.xLabel}|${props.series.map((s) => s.label).join(",")}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const chart = new uPlot(
      options(latest.current, el.clientWidth || 400),
      latest.current.data,
      el,
    );
    plot.current = chart;
    if (latest.current.plotRef) latest.current.plotRef.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: el.clientWidth, height: latest.current.height ?? 200 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
      if (latest.current.plotRef) latest.current.plotRef.current = null;
    };
  }, [layout]);

  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);

  return (
    <div
      ref={box}
      data-testid={props.testId}
      data-points={props.data[0].length}
      data-series={props.series.length}
      className="w-full min-w-0"
    />
  );
}

export const UPlotChart = memo(UPlotChartView);
