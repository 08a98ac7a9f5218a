"use client";

import { Handle, NodeToolbar, Position, type NodeProps } from "@xyflow/react";
import { memo, useState } from "react";
import { formatCount } from "@layerwise/ui";
import { HANDLE_SIZE, inputHandle, type TLayerNode } from "./layer-node-data";

/**
 * One layer on the canvas, drawn the VIENCE way: the box's width encodes channels and its height
 * the spatial size, the fill the family and the order role. Title above, output shape below, so
 * the box itself stays a true-to-scale glyph. Memoised: it re-renders only when its data object
 * (kept identical for untouched layers) or its selection changes.
 */
/** The tooltip never takes the pointer: the node under it stays clickable. */
const TOOLTIP_STYLE = { pointerEvents: "none" } as const;
/** The handles' size: `nodeGeometry` tells React Flow where they are from the same number. */
const HANDLE_STYLE = { width: HANDLE_SIZE, height: HANDLE_SIZE } as const;

function LayerNodeView({ id, data, selected }: NodeProps<TLayerNode>) {
  const { visual, severity } = data;
  const [hover, setHover] = useState(false);
  const ring =
    severity === "error"
      ? "lw-flash-error ring-2 ring-red-500"
      : severity === "warning"
        ? "ring-2 ring-amber-400"
        : selected
          ? "ring-2 ring-sky-500"
          : "ring-1 ring-black/20 dark:ring-white/20";
  return (
    <div
      className={`group relative rounded-[2px] ${ring} ${visual.outOfOrder ? "lw-out-of-order" : ""}`}
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
      style={{ width: visual.width, height: visual.height, background: visual.fill }}
      data-testid="layer-node"
      data-node-id={id}
      data-type={data.type}
      data-severity={severity ?? "ok"}
      data-out-of-order={visual.outOfOrder ? "true" : "false"}
      data-shape={data.shapeText}
      data-width={visual.width}
      data-height={visual.height}
      data-color={visual.color}
      data-brightness={visual.brightness}
      data-role={data.orderRole ?? "none"}
    >
      <div className="lw-node-title pointer-events-none absolute bottom-full left-1/2 mb-1 origin-bottom-left whitespace-nowrap text-[10px] font-medium leading-tight text-slate-700 dark:text-slate-200">
        {data.title}
        {visual.outOfOrder ? (
          <span className="ml-1 text-amber-600" title="Breaks the conv → norm → activation order">
            ↯ order
          </span>
        ) : null}
      </div>
      <div
        className="lw-node-shape pointer-events-none absolute left-1/2 top-full mt-1 origin-top-left whitespace-nowrap font-mono text-[10px] leading-tight text-slate-600 dark:text-slate-300"
        data-testid="node-shape"
      >
        {data.shapeText}
      </div>
      {severity ? (
        <span
          className={`absolute -right-2 -top-2 flex h-4 w-4 items-center justify-center rounded-full text-[10px] font-bold text-white ${severity === "error" ? "bg-red-600" : "bg-amber-500"}`}
        >
          !
        </span>
      ) : null}
      {/* A node toolbar is drawn above the viewport at screen scale: the tooltip keeps its size
          at every zoom and is never under a neighbour. Mounted only while hovered: each toolbar
          subscribes to React Flow's store and filters every node on each change, which made an
          edit cost O(nodes²) when every node had one. */}
      {hover ? (
        <NodeToolbar isVisible position={Position.Right} offset={12} style={TOOLTIP_STYLE}>
          <div
            role="tooltip"
            data-tooltip-for={id}
            className="pointer-events-none w-64 rounded-md border border-slate-200 bg-white p-2 text-xs text-slate-800 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
          >
            <div className="font-semibold">
              {data.title} <span className="font-normal text-slate-500">{data.type}</span>
            </div>
            <div className="font-mono">out: {data.shapeText}</div>
            <div>
              params {formatCount(data.params)} · MACs {formatCount(data.macs)}
            </div>
            {data.diagnostics.map((d, i) => (
              <div
                key={i}
                className={`mt-1 ${d.severity === "error" ? "text-red-600" : d.severity === "warning" ? "text-amber-600" : "text-slate-500"}`}
              >
                {d.message}
                {d.hint ? (
                  <div className="text-slate-600 dark:text-slate-300">Fix: {d.hint}</div>
                ) : null}
              </div>
            ))}
          </div>
        </NodeToolbar>
      ) : null}
      {Array.from({ length: data.ports }, (_, port) => (
        <Handle
          key={port}
          id={inputHandle(port)}
          type="target"
          position={Position.Left}
          style={{ ...HANDLE_STYLE, top: `${((port + 1) / (data.ports + 1)) * 100}%` }}
          className="!border-slate-500 !bg-white"
          data-port={port}
        >
          {data.ports > 1 ? (
            <span className="pointer-events-none absolute right-3 -top-1.5 text-[9px] text-slate-500">
              {port}
            </span>
          ) : null}
        </Handle>
      ))}
      {data.hasOutput ? (
        <Handle
          id="out"
          type="source"
          position={Position.Right}
          style={HANDLE_STYLE}
          className="!border-slate-500 !bg-white"
        />
      ) : null}
    </div>
  );
}

/**
 * Only what the view reads: React Flow also passes the node's absolute position, which changes
 * for every node a re-layout moves — their content is the same, only the wrapper moves.
 */
function sameView(a: NodeProps<TLayerNode>, b: NodeProps<TLayerNode>): boolean {
  return a.id === b.id && a.data === b.data && a.selected === b.selected;
}

/** The memoised custom node registered as `layer`. */
export const LayerNode = memo(LayerNodeView, sameView);
