// Moved to @layerwise/model-summary so the collab server draws the same thumbnails.
export {
  FIGURE_TEXT,
  computeModelGeometry,
  type TGeometryEdge,
  type TGeometryNode,
  type TGeometryOptions,
  type THighlight,
  type TModelGeometry,
} from "@layerwise/model-summary";
