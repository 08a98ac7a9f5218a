import {
  formatShape,
  getLayerDef,
  sourceAnchor,
  targetAnchor,
  type TDiagnostic,
  type TFlowNode,
  type TNodeAnalysis,
  type TNodeVisual,
  type TShape,
} from "@layerwise/graph-core";
import { Position, type Node, type NodeHandle } from "@xyflow/react";

/** What a canvas node renders; rebuilt only when one of its inputs changed (identity kept). */
export interface TLayerNodeData extends Record<string, unknown> {
  type: string;
  title: string;
  shape: TShape | null;
  shapeText: string;
  params: number;
  macs: number;
  visual: TNodeVisual;
  diagnostics: readonly TDiagnostic[];
  severity: "error" | "warning" | null;
  /** Input ports to draw: 0 for Input, 1 for layers, used + 1 free for merges. */
  ports: number;
  isMerge: boolean;
  hasOutput: boolean;
  /** The layer's place in the recommended conv → norm → activation order (null: none). */
  orderRole: "conv" | "norm" | "activation" | null;
}

/** The React Flow node of a layer. */
export type TLayerNode = Node<TLayerNodeData, "layer">;

/** The id of a layer's input handle for `port` ("in-0", "in-1", …). */
export function inputHandle(port: number): string {
  return `in-${port}`;
}

/** A handle's drawn size in pixels (square, centred on the box's edge: see `LayerNode`). */
export const HANDLE_SIZE = 10;

/** Where React Flow finds a layer's box and handles: see `nodeGeometry`. */
export interface TNodeGeometry {
  measured: { width: number; height: number };
  handles: NodeHandle[];
}

/**
 * A layer's size and its handles' places in its box, exactly as React Flow would measure them
 * from the DOM: each handle centred on the anchor the edge router uses (inputs on the left edge
 * at (port + 1) / (ports + 1) of the height, the output at the middle of the right edge). Given with the node, React Flow takes them as they are and
 * draws a resized layer's edges in the same render. It never measures a layer: the wrapper it
 * observes has no size of its own (canvas.css). Measuring, it found a new size in its
 * ResizeObserver after the DOM changed, re-measured the handles with a forced layout, and the
 * canvas rendered a second time in that frame.
 */
export function nodeGeometry(
  data: Pick<TLayerNodeData, "visual" | "ports" | "hasOutput">,
): TNodeGeometry {
  const { width, height } = data.visual;
  // The router's anchors (graph-core) in the box's own frame; a handle is centred on its anchor.
  const box = { x: 0, y: 0, width, height };
  const half = HANDLE_SIZE / 2;
  const handles: NodeHandle[] = Array.from({ length: data.ports }, (_, port) => {
    const at = targetAnchor(box, port, data.ports);
    return {
      id: inputHandle(port),
      type: "target",
      position: Position.Left,
      x: at.x - half,
      y: at.y - half,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    };
  });
  if (data.hasOutput) {
    const at = sourceAnchor(box);
    handles.push({
      id: "out",
      type: "source",
      position: Position.Right,
      x: at.x - half,
      y: at.y - half,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    });
  }
  return { measured: { width, height }, handles };
}

/** The port of an input handle id (`inputHandle`); no handle is port 0, a malformed one none. */
export function handlePort(handle: string | null | undefined): number | undefined {
  const port = Number((handle ?? inputHandle(0)).slice(3));
  return Number.isFinite(port) ? port : undefined;
}

interface TInputs {
  flow: TFlowNode;
  /** The name as in the code (a Block's block name): see `nodeTitle` of model-summary. */
  title: string;
  analysis: TNodeAnalysis | undefined;
  visual: TNodeVisual;
  ports: number;
}

const NO_DIAGNOSTICS: readonly TDiagnostic[] = [];

/** Shape text as on the paper's nodes: `64 × 128 × 128`, `?` when unknown. */
export function shapeText(shape: TShape | null): string {
  return shape ? (shape.length === 0 ? formatShape(shape) : shape.join(" × ")) : "?";
}

/**
 * Builds the data of one node, reusing `previous` when every input is the same object — so
 * React Flow hands memoised nodes the same data and they skip rendering.
 */
export class LayerNodeDataCache {
  private entries = new Map<string, { inputs: TInputs; data: TLayerNodeData }>();

  /** The inputs as arguments, not an object: this runs for every node on every edit. */
  get(
    id: string,
    flow: TFlowNode,
    title: string,
    analysis: TNodeAnalysis | undefined,
    visual: TNodeVisual,
    ports: number,
  ): TLayerNodeData {
    const old = this.entries.get(id);
    if (
      old &&
      old.inputs.flow.type === flow.type &&
      old.inputs.title === title &&
      old.inputs.analysis === analysis &&
      old.inputs.visual === visual &&
      old.inputs.ports === ports
    ) {
      return old.data;
    }
    const inputs = { flow, title, analysis, visual, ports };
    const data = build(inputs);
    this.entries.set(id, { inputs, data });
    return data;
  }

  /** How many nodes have an entry. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops entries of nodes that no longer exist. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!ids.has(id)) this.entries.delete(id);
  }
}

function build({ flow, title, analysis, visual, ports }: TInputs): TLayerNodeData {
  const def = getLayerDef(flow.type);
  const diagnostics = analysis?.diagnostics.length ? analysis.diagnostics : NO_DIAGNOSTICS;
  const severity = diagnostics.some((d) => d.severity === "error")
    ? "error"
    : diagnostics.some((d) => d.severity === "warning")
      ? "warning"
      : null;
  const shape = analysis?.shape ?? null;
  return {
    type: flow.type,
    title,
    shape,
    shapeText: shapeText(shape),
    params: analysis?.params ?? 0,
    macs: analysis?.macs ?? 0,
    visual,
    diagnostics,
    severity,
    ports,
    isMerge: def?.inputs === "variadic",
    hasOutput: flow.type !== "Output",
    orderRole: def?.orderRole ?? null,
  };
}
