import type { TFlowEdge } from "@layerwise/graph-core";
import { edgeEndpoints } from "../editor/editor-actions";
import type { EditorStore } from "../editor/editor-store";

/**
 * The model edge under a screen point (React Flow gives every edge a wide invisible hit path),
 * as model-doc endpoints; null when the point is on no edge. A layer dropped there is spliced
 * into that edge (a pasted one is found by its box: `edgeThroughBox`).
 */
export function spliceTarget(
  store: EditorStore,
  clientX: number,
  clientY: number,
): Pick<TFlowEdge, "source" | "target" | "port"> | null {
  if (typeof document === "undefined" || !document.elementsFromPoint) return null;
  for (const el of document.elementsFromPoint(clientX, clientY)) {
    if (el.closest(".react-flow__node")) return null;
    const g = el.closest(".react-flow__edge");
    const id = g?.getAttribute("data-id");
    if (!id) continue;
    const edge = store.getState().edges.find((e) => e.id === id);
    if (edge) return edgeEndpoints(store, edge);
  }
  return null;
}
