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
export {
  migrateModelFlow,
  type TParseError,
  type TMigrateResult,
} from "./graph/migrate-model-flow";
export {
  buildGraphIndex,
  orderGraph,
  topologicalOrder,
  type TGraphIndex,
  type TTopoOrder,
} from "./graph/topology";
export { BLOCK_ID_SEPARATOR, expandBlocks } from "./graph/expand-blocks";

// ── Layer catalogue and params ───────────────────────────────────────────────────────────
export type {
  TDtype,
  TDtypeRule,
  TLayerContext,
  TLayerDef,
  TLayerFamily,
  TOrderRole,
  TParamDef,
  TParamSpec,
  TPyTorchEmission,
  TShapeResult,
} from "./layers/types";
export { LAYER_DEFS, findLayerDefsByAlias, getLayerDef, searchLayerDefs } from "./layers/registry";
export {
  FLOAT_ONLY,
  INFERRED_PARAMS,
  KEEPS_DTYPE,
  checkSpec,
  expected as describeParamSpec,
  intTuple,
  pyFloat,
  pyKwargs,
  pyLiteral,
  resolveParams,
  type TResolvedParams,
} from "./layers/params";
export { DEVICES, LOSSES, OPTIMIZERS, SCHEDULES, TASKS } from "./layers/io";
export {
  checkTrainingDataset,
  readTrainingSettings,
  type TTrainingDataset,
  type TTrainingSettings,
} from "./layers/io-training";

// ── Shape arithmetic ─────────────────────────────────────────────────────────────────────
export {
  batchDimIndex,
  broadcastShapes,
  convOutputLength,
  convTransposeOutputLength,
  formatShape,
  numel,
  poolOutputLength,
  shapesEqual,
} from "./shape/arithmetic";

// ── Analysis ─────────────────────────────────────────────────────────────────────────────
export type {
  TAnalysis,
  TDiagnostic,
  TDiagnosticCode,
  TNodeAnalysis,
  TSeverity,
} from "./analysis/types";
export { analyze, createAnalyzer, type TAnalyzable, type TAnalyzer } from "./analysis/analyze";
export {
  DEFAULT_DEVICE_MEMORY,
  formatBytes,
  formatExactCount,
  type TAnalysisOptions,
} from "./analysis/plausibility";
export { analyzeBlock, type TBlockAnalysis } from "./analysis/analyze-block";
export { evaluateLayer, type TLayerEvaluation } from "./analysis/evaluate-layer";

// ── Visual encoding, layouts, codegen, diff, templates ───────────────────────────────────
export { FAMILY_COLORS, ROLE_BRIGHTNESS, UNKNOWN_COLOR, shade } from "./visual/palette";
export {
  SIZE_ENCODING,
  channelsAndSpatial,
  encodeVisuals,
  findOutOfOrder,
  heightForSpatial,
  nodeSize,
  spatialDims,
  widthForChannels,
  type TLayerLookup,
  type TNodeVisual,
  type TVisualOptions,
} from "./visual/visual-encoding";
export {
  LAYOUT_GRID,
  applyLayout,
  layoutModel,
  type TLayoutMode,
  type TLayoutOptions,
} from "./layout/layout-model";
export { isFixable, suggestFixes, type TFix, type TSuggestOptions } from "./analysis/suggest-fixes";
export { reorderedDoc, suggestReorder, type TReorder } from "./analysis/suggest-reorder";
export {
  routeEdges,
  sourceAnchor,
  targetAnchor,
  type TBox,
  type TRoute,
  type TRouteOptions,
  type TRouteRequest,
} from "./layout/route-edges";
export { generatePyTorch, type TCodegenOptions } from "./codegen/generate-pytorch";
export { CodegenError } from "./codegen/emit-graph";
export { PyNamer, pyClassName, pyComment, pyString } from "./codegen/python-names";
export {
  diffModels,
  isEmptyDiff,
  jsonEqual,
  type TBlockChange,
  type TDiffable,
  type TDiffEdge,
  type TDiffOptions,
  type TModelDiff,
  type TNodeChange,
} from "./diff/diff-models";
export {
  TEMPLATE_IDS,
  listTemplates,
  loadTemplate,
  type TTemplateId,
  type TTemplateInfo,
} from "./templates";
