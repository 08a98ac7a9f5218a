/**
 * Model-flow format v1 — the one document format (see ARCHITECTURE.md, "Model-flow format v1").
 * These types describe a *validated* document; `parseModelFlow` produces them from unknown JSON.
 * Unknown fields are kept (index signatures) so that a round trip loses nothing.
 */

/** A JSON value as it may appear in `params`. */
export type TJsonValue =
  string | number | boolean | null | TJsonValue[] | { [key: string]: TJsonValue };

export type TParams = Record<string, TJsonValue>;

export interface TPosition {
  x: number;
  y: number;
}

export interface TFlowNode {
  id: string;
  /** `torch.nn` class name or a graph op (`Input`, `Output`, `Concat`, `Add`, `Multiply`, block ids). */
  type: string;
  params: TParams;
  position?: TPosition;
  label?: string;
  /** Unknown fields survive a round trip. */
  [extra: string]: unknown;
}

export interface TFlowEdge {
  source: string;
  target: string;
  /** Input port on a merge node (0, 1, …). Absent for single-input nodes. */
  port?: number;
  [extra: string]: unknown;
}

export const MODEL_FLOW_FORMAT = "layerwise.model-flow" as const;
export const MODEL_FLOW_VERSION = 1 as const;

export interface TModelFlow {
  format: typeof MODEL_FLOW_FORMAT;
  version: typeof MODEL_FLOW_VERSION;
  name: string;
  nodes: TFlowNode[];
  edges: TFlowEdge[];
  /** Reusable blocks, see {@link TBlockDef}. Optional; absent in most documents. */
  blocks?: TBlocks;
  [extra: string]: unknown;
}

/** A tensor shape without the batch dimension: `[C, H, W]`, `[features]`, `[L, E]`. */
export type TShape = readonly number[];

/**
 * A reusable group of layers (e.g. DoubleConv), stored under the document's `blocks` field.
 * Its internal graph has one `BlockInput` node per input (ordered by `params.port`, default 0)
 * and exactly one `BlockOutput` node. A node `{ type: "Block", params: { block: "<blockId>" } }`
 * uses it; analysis sees through it.
 */
export interface TBlockDef {
  label: string;
  nodes: TFlowNode[];
  edges: TFlowEdge[];
  [extra: string]: unknown;
}

/** The optional `blocks` field of a model-flow document (block id → definition). */
export type TBlocks = Record<string, TBlockDef>;

/** A graph: the document itself or a block's inner graph. */
export interface TGraphLike {
  nodes: readonly TFlowNode[];
  edges: readonly TFlowEdge[];
}
