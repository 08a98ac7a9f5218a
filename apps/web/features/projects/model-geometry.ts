// Moved to @layerwise/model-summary so the collab server draws the same thumbnails.
export {
  computeModelGeometry,
  type TGeometryEdge,
  type TGeometryNode,
  type THighlight,
  type TModelGeometry,
} from "@layerwise/model-summary";
