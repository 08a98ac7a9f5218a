/**
 * @layerwise/model-summary — what the dashboard shows about a model (graph-core's counts and the
 * thumbnail geometry), one implementation for the web server and the collab server.
 */
export { summarizeModel, type TModelSummary } from "./summarize";
export {
  FIGURE_TEXT,
  computeModelGeometry,
  textWidth,
  type TGeometryEdge,
  type TGeometryNode,
  type TGeometryOptions,
  type THighlight,
  type TModelGeometry,
} from "./geometry";
export { edgePath, roundedPath, type TPoint } from "./edge-path";
export { nodeTitle } from "./node-title";
export { summarizeForDashboard, type TDashboardSummary } from "./dashboard";
