/**
 * @layerwise/model-doc — the model as a Y.Doc (ARCHITECTURE.md, "Collaboration"): the one module
 * that converts Y.Doc ⇄ model-flow, applies edits inside `doc.transact`, and turns Y.Doc events
 * into change-sets for incremental analysis.
 */
export {
  EDGES_KEY,
  EXTRA_KEY,
  META_KEY,
  NODES_KEY,
  ORDER_KEY,
  modelMaps,
  readMeta,
  type TAlignment,
  type TModelMeta,
  type TYEdge,
  type TYNode,
} from "./schema";
export {
  REPLACE_ORIGIN,
  docToModelFlow,
  edgeIdFor,
  modelFlowToDoc,
  sortedEntries,
  yToEdge,
  yToNode,
} from "./convert";
export {
  LAYOUT_ORIGIN,
  LOCAL_ORIGIN,
  addNode,
  addNodes,
  connect,
  disconnect,
  freshNodeId,
  inputPortCount,
  isMergeType,
  moveNodes,
  reorder,
  removeEdges,
  removeNodes,
  setLabel,
  setMeta,
  setParam,
} from "./edits";
export { createModelMirror, type TChangeSet, type TModelMirror } from "./mirror";
export { expandBlock, groupIntoBlock, type TGroupResult } from "./blocks";
export { extendDurable, isCoveredBy, type TStateVector } from "./durable";
export { encodeNewModelState, suggestedAlignment } from "./state";
