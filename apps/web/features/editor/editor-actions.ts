import {
  getLayerDef,
  LAYOUT_GRID,
  MODEL_FLOW_FORMAT,
  MODEL_FLOW_VERSION,
  parseModelFlow,
  SIZE_ENCODING,
  type TFlowEdge,
  type TFlowNode,
  type TJsonValue,
  type TParamDef,
  type TParams,
  type TPosition,
} from "@layerwise/graph-core";
import {
  LOCAL_ORIGIN,
  addNodes,
  disconnect,
  expandBlock,
  freshNodeId,
  groupIntoBlock,
  isMergeType,
  removeNodes,
} from "@layerwise/model-doc";
import { edgeThroughBox } from "../canvas/edge-hit";
import { handlePort } from "../canvas/layer-node-data";
import { blockNameFor, findRepeats } from "./block-repeats";
import type { EditorStore } from "./editor-store";

/**
 * First values that make a new node from the palette analyse cleanly after a typical input:
 * torch's required arguments get a common choice, and arguments whose torch default misleads
 * (batch_first=False reads our [L, E] samples as time-major) are set as people write them.
 */
const INITIAL: Readonly<Record<string, TParams>> = {
  Conv2d: { kernel_size: 3, padding: 1 },
  ConvTranspose2d: { kernel_size: 2, stride: 2 },
  Upsample: { scale_factor: 2 },
  RNN: { batch_first: true },
  LSTM: { batch_first: true },
  GRU: { batch_first: true },
  TransformerEncoder: { batch_first: true, num_layers: 2 },
  TransformerDecoderLayer: { batch_first: true },
  Transformer: {
    batch_first: true,
    d_model: 64,
    num_encoder_layers: 2,
    num_decoder_layers: 2,
    dim_feedforward: 256,
  },
  FractionalMaxPool2d: { kernel_size: 2, output_ratio: 0.5 },
  FractionalMaxPool3d: { kernel_size: 2, output_ratio: 0.5 },
  PixelShuffle: { upscale_factor: 2 },
  PixelUnshuffle: { downscale_factor: 2 },
  LPPool1d: { norm_type: 2 },
  LPPool2d: { norm_type: 2 },
  LPPool3d: { norm_type: 2 },
  // dim 1 counts the batch, like torch: the channel / class dimension.
  Softmax: { dim: 1 },
  LogSoftmax: { dim: 1 },
  Softmin: { dim: 1 },
  Unflatten: { dim: 1, unflattened_size: [8, 8] },
};

/** A value for a required param that has no entry in INITIAL, by its name and kind. */
function requiredValue(p: TParamDef): TJsonValue | undefined {
  if (p.name === "shape") return [3, 128, 128];
  if (p.name === "nhead" || p.name === "num_heads") return 8;
  if (p.name === "num_layers") return 2;
  if (p.name === "output_size") return 1;
  if (p.name.includes("kernel")) return 3;
  if (p.name === "padding") return 1;
  if (p.name === "value") return 0;
  const kind = p.spec.kind;
  if (kind === "int" || kind === "int-tuple" || kind === "int-tuple-or-enum") return 64;
  if (kind === "enum") return p.spec.values[0] ?? "";
  if (kind === "int-list") return [64];
  if (kind === "float" || kind === "float-tuple") return 1;
  return undefined;
}

/** Default params a new node starts with: required ones get a sensible first value. */
export function initialParams(type: string): TParams {
  const def = getLayerDef(type);
  const params: TParams = {};
  const pool = /Pool\dd$/.test(type);
  for (const p of def?.params ?? []) {
    if (p.default !== undefined || p.nullable) continue;
    const value = pool && p.name === "kernel_size" ? 2 : requiredValue(p);
    if (value !== undefined) params[p.name] = value;
  }
  return { ...params, ...INITIAL[type] };
}

/**
 * Adds a layer. With a selected node and no explicit position it goes right after the selection
 * and is wired to it (the keyboard flow: select, type, Enter); it becomes the selection. With
 * `splice` (the edge it was dropped on) it is inserted into that edge in one undoable step:
 * source → new layer → target.
 */
export function addLayer(
  store: EditorStore,
  type: string,
  at?: TPosition,
  splice?: TEndpoints | null,
): string {
  const { selection, flow } = store.getState();
  const id = freshNodeId(store.ydoc, type);
  const after = at ? undefined : selection[selection.length - 1];
  const anchor = after ? flow.nodes.find((n) => n.id === after) : undefined;
  const position =
    at ??
    (anchor?.position
      ? { x: anchor.position.x + LAYOUT_GRID.pitchX, y: anchor.position.y }
      : { x: flow.nodes.length * 40, y: 0 });
  const node: TFlowNode = { id, type, params: initialParams(type), position };
  const canSplice = !!splice && canBeSpliced(type);
  const edges: TFlowEdge[] = canSplice
    ? splicedEdges(id, splice)
    : anchor && anchor.type !== "Output" && type !== "Input"
      ? [{ source: anchor.id, target: id }]
      : [];
  store.undo.stopCapturing();
  store.ydoc.transact(() => {
    if (canSplice) disconnect(store.ydoc, [splice]);
    addNodes(store.ydoc, [node], edges);
  }, LOCAL_ORIGIN);
  store.undo.stopCapturing();
  store.select([id]);
  return id;
}

type TEndpoints = Pick<TFlowEdge, "source" | "target" | "port">;

/** Input has no input port and Output no output: neither can sit inside an edge. */
function canBeSpliced(type: string): boolean {
  return type !== "Input" && type !== "Output";
}

/** source → layer → target in place of the edge `splice` (its port stays on the target). */
function splicedEdges(id: string, splice: TEndpoints): TFlowEdge[] {
  return [
    { source: splice.source, target: id },
    {
      source: id,
      target: splice.target,
      ...(splice.port === undefined ? {} : { port: splice.port }),
    },
  ];
}

/** Deletes the selected nodes (healing chains) and selected edges. */
export function deleteSelection(store: EditorStore): void {
  const { selection, edges } = store.getState();
  const selectedEdges = edges.filter((e) => e.selected);
  if (selectedEdges.length)
    disconnect(
      store.ydoc,
      selectedEdges.map((e) => edgeEndpoints(store, e)),
    );
  if (selection.length) removeNodes(store.ydoc, selection, { heal: true });
}

/** The model-doc endpoints of a React Flow edge: the port counts only on merge targets. */
export function edgeEndpoints(
  store: EditorStore,
  e: { source: string; target: string; targetHandle?: string | null },
): Pick<TFlowEdge, "source" | "target" | "port"> {
  const type = store.getState().flow.nodes.find((n) => n.id === e.target)?.type ?? "";
  if (!isMergeType(type)) return { source: e.source, target: e.target };
  return { source: e.source, target: e.target, port: handlePort(e.targetHandle) ?? 0 };
}

/** What copy puts on the clipboard: selected nodes and the edges among them. */
export interface TClip {
  nodes: TFlowNode[];
  edges: TFlowEdge[];
}

/** Copies the selection. */
export function copySelection(store: EditorStore): TClip | null {
  const { selection, flow } = store.getState();
  if (!selection.length) return null;
  const ids = new Set(selection);
  return {
    nodes: flow.nodes.filter((n) => ids.has(n.id)).map((n) => structuredClone(n)),
    edges: flow.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e })),
  };
}

/** The text form of a clip on the system clipboard (so layers can be pasted into another tab). */
export const CLIP_FORMAT = "layerwise.clip";

export function clipToText(clip: TClip): string {
  return JSON.stringify({ format: CLIP_FORMAT, version: 1, nodes: clip.nodes, edges: clip.edges });
}

/**
 * Reads a clip from clipboard text: a Layerwise clip, or a whole model-flow document (its layers
 * are pasted). `"invalid"` for a clip or document that graph-core's parser rejects; null for
 * anything else (text that is not ours).
 */
export function clipFromText(text: string): TClip | "invalid" | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (json === null || typeof json !== "object") return null;
  const o = json as Record<string, unknown>;
  if (o.format !== CLIP_FORMAT && o.format !== MODEL_FLOW_FORMAT) return null;
  const candidate =
    o.format === CLIP_FORMAT
      ? {
          format: MODEL_FLOW_FORMAT,
          version: MODEL_FLOW_VERSION,
          name: "clip",
          nodes: o.nodes,
          edges: o.edges,
        }
      : json;
  const parsed = parseModelFlow(candidate);
  if (!parsed.ok) return "invalid";
  if (parsed.doc.nodes.length === 0) return null;
  return { nodes: parsed.doc.nodes, edges: parsed.doc.edges };
}

/** Where a paste puts the copies relative to the originals, so they are seen as new layers. */
export const PASTE_OFFSET = { x: 40, y: 60 } as const;

/**
 * Pastes a clip with fresh ids, offset so the copies are visible, and selects them. A single
 * layer that lands on an edge (the edge's line passes through its box, drawn at the neutral size
 * of a layer whose shape is not known yet) is spliced into that edge in the same undo step, as
 * a dropped layer is; several layers, an Input or an Output are pasted unconnected to the model
 * (shown with a "?" shape and the not-connected warning), never made to look wired.
 */
export function paste(store: EditorStore, clip: TClip): void {
  const rename = new Map<string, string>();
  const nodes: TFlowNode[] = [];
  for (const n of clip.nodes) {
    let id = freshNodeId(store.ydoc, n.type);
    while ([...rename.values()].includes(id)) id = `${id}_`;
    rename.set(n.id, id);
    const p = n.position ?? { x: 0, y: 0 };
    nodes.push({
      ...structuredClone(n),
      id,
      position: { x: p.x + PASTE_OFFSET.x, y: p.y + PASTE_OFFSET.y },
    });
  }
  const edges = clip.edges.map((e) => ({
    ...e,
    source: rename.get(e.source)!,
    target: rename.get(e.target)!,
  }));
  const splice = nodes.length === 1 ? pasteSpliceTarget(store, nodes[0]!) : null;
  if (splice) edges.push(...splicedEdges(nodes[0]!.id, splice));
  store.undo.stopCapturing();
  store.ydoc.transact(() => {
    if (splice) disconnect(store.ydoc, [splice]);
    addNodes(store.ydoc, nodes, edges);
  }, LOCAL_ORIGIN);
  store.undo.stopCapturing();
  store.select(nodes.map((n) => n.id));
}

/** The edge a pasted layer lands on, when it can be spliced into it. */
function pasteSpliceTarget(store: EditorStore, node: TFlowNode): TEndpoints | null {
  if (!canBeSpliced(node.type) || !node.position) return null;
  const { nodes, edges, routes } = store.getState();
  const box = { ...node.position, ...SIZE_ENCODING.unknown };
  const edge = edgeThroughBox(nodes, edges, routes, box);
  return edge ? edgeEndpoints(store, edge) : null;
}

/** Groups the selection into a block; returns a message when the selection cannot be one. */
export function groupSelection(store: EditorStore): string | null {
  const { selection, flow } = store.getState();
  store.undo.stopCapturing();
  const r = groupIntoBlock(
    store.ydoc,
    selection,
    `Block ${Object.keys(flow.blocks ?? {}).length + 1}`,
  );
  if (!r.ok) return r.reason;
  store.undo.stopCapturing();
  store.select([r.nodeId]);
  return null;
}

/**
 * Collapses the selection and every repeat of its structure elsewhere in the model (the other
 * DoubleConvs, residual blocks…) into Block glyphs, each named as the code names it
 * ("DoubleConv 128"); one undo step. Returns a message when the selection cannot be a block.
 */
export function groupRepeats(store: EditorStore): string | null {
  const { selection, flow, analysis } = store.getState();
  const occurrences = [selection, ...findRepeats(flow, selection)];
  const fallback = `Block ${Object.keys(flow.blocks ?? {}).length + 1}`;
  const names = occurrences.map((ids) => blockNameFor(flow, analysis, ids) ?? fallback);
  const made: string[] = [];
  let reason: string | null = null;
  store.undo.stopCapturing();
  store.ydoc.transact(() => {
    occurrences.forEach((ids, i) => {
      if (i > 0 && reason) return;
      const r = groupIntoBlock(store.ydoc, ids, names[i]);
      if (r.ok) made.push(r.nodeId);
      else if (i === 0) reason = r.reason;
    });
  }, LOCAL_ORIGIN);
  if (reason) return reason;
  store.undo.stopCapturing();
  store.select(made);
  return null;
}

/** Expands the selected Block nodes back into their layers. */
export function expandSelection(store: EditorStore): string | null {
  const { selection, flow } = store.getState();
  const blocks = flow.nodes.filter((n) => selection.includes(n.id) && n.type === "Block");
  if (!blocks.length) return "Select a block to expand it.";
  store.undo.stopCapturing();
  store.ydoc.transact(() => {
    for (const b of blocks) expandBlock(store.ydoc, b.id);
  }, LOCAL_ORIGIN);
  store.undo.stopCapturing();
  store.select([]);
  return null;
}
