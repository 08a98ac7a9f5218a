/**
 * @layerwise/model-summary — what the dashboard shows about a model (graph-core's counts and the
 * thumbnail geometry), one implementation for the web server and the collab server.
 */
export { summarizeModel, type TModelSummary } from "./summarize";
export {
  computeModelGeometry,
  type TGeometryEdge,
  type TGeometryNode,
  type THighlight,
  type TModelGeometry,
} from "./geometry";
export { summarizeForDashboard, type TDashboardSummary } from "./dashboard";
