"use client";

import { heightForSpatial, widthForChannels } from "@layerwise/graph-core";
import { Background, Panel, ViewportPortal, useStore, type ReactFlowState } from "@xyflow/react";
import { memo, useEffect, useMemo, type RefObject } from "react";
import { useEditor } from "../editor/editor-context";
import { rowLabels } from "./row-labels";

/** Below this zoom only bars, edges and errors are drawn; titles and shapes appear above it. */
export const LABEL_ZOOM = 0.6;

const zoomOf = (s: ReactFlowState) => s.transform[2];

/**
 * Publishes the zoom to CSS on the canvas host — `--lw-inv-zoom` (1 / zoom) and
 * `data-zoom="low" | "high"` — so strokes, halos and labels keep a screen size and semantic zoom
 * hides titles, without re-rendering a single node when the zoom changes.
 */
export function ZoomVariables({ host }: { host: RefObject<HTMLDivElement | null> }) {
  const zoom = useStore(zoomOf);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    el.style.setProperty("--lw-inv-zoom", String(1 / Math.max(zoom, 0.01)));
    el.setAttribute("data-zoom", zoom < LABEL_ZOOM ? "low" : "high");
  }, [host, zoom]);
  return null;
}

/** The dot grid's spacing in flow units at zoom 1, and the least it may be on screen. */
const GRID_GAP = 24;
const GRID_MIN_SCREEN_GAP = 12;

/** The grid spacing for a zoom: doubled until its dots are at least GRID_MIN_SCREEN_GAP apart. */
export function gridGap(zoom: number): number {
  const doublings = Math.ceil(Math.log2(GRID_MIN_SCREEN_GAP / (GRID_GAP * Math.max(zoom, 1e-3))));
  return GRID_GAP * 2 ** Math.max(0, doublings);
}

/**
 * The canvas's dot grid, coarser as one zooms out (like a map's grid): at fit view of a large
 * model (zoom 0.05) a fixed 24-unit grid put a dot every 1.2 screen pixels — a million pattern
 * tiles rasterised on every pan frame.
 */
export const CanvasGrid = memo(function CanvasGrid() {
  const gap = useStore((s) => gridGap(s.transform[2]));
  return <Background gap={gap} />;
});

/** Reference sizes the legend picks from: the largest that fits its box at the current zoom. */
const LEGEND_SPATIAL = [512, 256, 128, 64, 32, 16, 8, 4] as const;
const LEGEND_CHANNELS = [1024, 512, 256, 128, 64, 32, 16, 8] as const;
const LEGEND_MAX = { height: 56, width: 96 };
const LEGEND_STYLE = { pointerEvents: "none" } as const;

function pick<T extends number>(sizes: readonly T[], px: (size: T) => number, max: number): T {
  return sizes.find((s) => px(s) <= max) ?? sizes[sizes.length - 1]!;
}

/**
 * "This tall = 128², this wide = 64 ch": two reference bars drawn exactly as a node of that size
 * is drawn at the current zoom (the reference size adapts so the bar fits the legend), so a
 * node's size can be read against them at any zoom.
 */
export const CanvasLegend = memo(function CanvasLegend() {
  const zoom = useStore(zoomOf);
  const spatial = pick(LEGEND_SPATIAL, (s) => heightForSpatial(s) * zoom, LEGEND_MAX.height);
  const channels = pick(LEGEND_CHANNELS, (c) => widthForChannels(c) * zoom, LEGEND_MAX.width);
  return (
    // Clicks go through to the canvas: the legend never hides a node from the pointer.
    <Panel position="top-left" className="!m-2" style={LEGEND_STYLE}>
      <div
        className="pointer-events-none flex items-end gap-3 rounded border border-slate-200 bg-white/90 px-2 py-1 text-[11px] text-slate-600 shadow-sm dark:border-slate-700 dark:bg-slate-900/90 dark:text-slate-300"
        data-testid="canvas-legend"
      >
        <span className="flex items-end gap-1">
          <span
            className="inline-block w-1.5 rounded-sm bg-slate-500 dark:bg-slate-400"
            style={{ height: heightForSpatial(spatial) * zoom }}
            data-testid="legend-height"
          />
          this tall = {spatial}²
        </span>
        <span className="flex flex-col items-start gap-0.5">
          <span
            className="inline-block h-1.5 rounded-sm bg-slate-500 dark:bg-slate-400"
            style={{ width: widthForChannels(channels) * zoom }}
            data-testid="legend-width"
          />
          this wide = {channels} ch
        </span>
      </div>
    </Panel>
  );
});

/**
 * Row labels at the left of a U-Net layout ("128²", "64²"): one per distinct spatial size, on
 * the row's centre line, in flow coordinates so they pan and zoom with the rows.
 */
export const RowLabels = memo(function RowLabels() {
  const nodes = useEditor((s) => s.nodes);
  const rows = useMemo(
    () =>
      rowLabels(
        nodes.map((n) => ({
          x: n.position.x,
          y: n.position.y,
          height: n.data.visual.height,
          shape: n.data.shape,
        })),
      ),
    [nodes],
  );
  return (
    <ViewportPortal>
      {rows.map((r) => (
        <div
          key={r.label}
          className="lw-row-label pointer-events-none absolute whitespace-nowrap font-mono font-semibold text-slate-400 dark:text-slate-500"
          style={{ transform: `translate(${r.x}px, ${r.y}px) translate(-100%, -50%)` }}
          data-testid="row-label"
        >
          {r.label}
        </div>
      ))}
    </ViewportPortal>
  );
});
