"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { TBestPoint } from "../server/find-leaderboard";

/**
 * The best validation metric over time as a step line (uPlot, like the run charts): each step
 * is a run that beat every run finished before it; the line runs on to the last finished run.
 * Drag to zoom, double-click to reset.
 */
export function BestOverTimeChart({
  points,
  lastFinishedAt,
  metric,
}: {
  points: TBestPoint[];
  lastFinishedAt: string | null;
  metric: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || points.length === 0) return;
    const xs = points.map((p) => Date.parse(p.finishedAt) / 1000);
    const ys: (number | null)[] = points.map((p) => p.value);
    const end = lastFinishedAt ? Date.parse(lastFinishedAt) / 1000 : null;
    if (end !== null && end > xs.at(-1)!) {
      xs.push(end);
      ys.push(points.at(-1)!.value);
    }
    const chart = new uPlot(
      {
        width: el.clientWidth || 400,
        height: 180,
        scales: { x: { time: true } },
        axes: [{}, { label: `best val ${metric}` }],
        cursor: { drag: { x: true, y: false } },
        series: [
          { label: "finished" },
          {
            label: `best ${metric}`,
            stroke: "#059669",
            width: 2,
            paths: uPlot.paths.stepped?.({ align: 1 }),
            points: { show: true, size: 5, fill: "#059669" },
            value: (_u, v) => (v === null ? "—" : v.toFixed(3)),
          },
        ],
      },
      [xs, ys],
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: 180 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [points, lastFinishedAt, metric]);
  return (
    <div
      ref={box}
      data-testid="best-over-time-chart"
      data-points={points.length}
      className="w-full min-w-0"
    />
  );
}
