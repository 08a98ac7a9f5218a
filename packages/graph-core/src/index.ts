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

// ── Visual encoding, layouts, codegen, diff, templates ───────────────────────────────────
export {
  FAMILY_COLORS,
  ROLE_BRIGHTNESS,
  UNKNOWN_COLOR,
  shade,
} from "./visual/palette";
export {
  SIZE_ENCODING,
  channelsAndSpatial,
  encodeVisuals,
  findOutOfOrder,
  heightForSpatial,
  spatialDims,
  widthForChannels,
  type TLayerLookup,
  type TNodeVisual,
  type TVisualOptions,
} from "./visual/visual-encoding";
export { LAYOUT_GRID, applyLayout, layoutModel, type TLayoutMode, type TLayoutOptions } from "./layout/layout-model";
export { generatePyTorch, type TCodegenOptions } from "./codegen/generate-pytorch";
export { CodegenError } from "./codegen/emit-graph";
export { PyNamer, pyClassName, pyComment, pyString } from "./codegen/python-names";
export {
  diffModels,
  isEmptyDiff,
  jsonEqual,
  type TDiffEdge,
  type TDiffOptions,
  type TModelDiff,
  type TNodeChange,
} from "./diff/diff-models";
export { TEMPLATE_IDS, listTemplates, loadTemplate, type TTemplateId, type TTemplateInfo } from "./templates";
