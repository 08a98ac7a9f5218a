/**
 * @layerwise/graph-core public API — hand-picked exports. Append new sections; keep one
 * section per area so that parallel work merges cleanly.
 */

// ── Model-flow format ────────────────────────────────────────────────────────────────────
export type {
  TBlockDef,
  TBlocks,
  TFlowEdge,
  TFlowNode,
  TGraphLike,
  TJsonValue,
  TModelFlow,
  TParams,
  TPosition,
  TShape,
} from "./graph/types";
export { MODEL_FLOW_FORMAT, MODEL_FLOW_VERSION } from "./graph/types";
export { parseModelFlow, type TParseResult } from "./graph/parse-model-flow";
export { migrateModelFlow, type TParseError, type TMigrateResult } from "./graph/migrate-model-flow";
export { buildGraphIndex, orderGraph, topologicalOrder, type TGraphIndex, type TTopoOrder } from "./graph/topology";
