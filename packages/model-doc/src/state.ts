import type { TModelFlow } from "@layerwise/graph-core";
import * as Y from "yjs";
import { modelFlowToDoc } from "./convert";
import { setMeta } from "./edits";
import type { TAlignment } from "./schema";

/**
 * The alignment a model opens in: U-Net when it concatenates tensors (the skip connections of an
 * encoder/decoder, whose levels then share rows), simple otherwise.
 */
export function suggestedAlignment(flow: TModelFlow): TAlignment {
  return flow.nodes.some((n) => n.type === "Concat") ? "unet" : "simple";
}

/**
 * The stored state of a new model's Y.Doc (a project's first model, the demo project): the model
 * and, in `meta`, the alignment it should open in (by default `suggestedAlignment`), so the
 * alignment toggle agrees with the positions the model was laid out in.
 */
export function encodeNewModelState(
  flow: TModelFlow,
  alignment: TAlignment = suggestedAlignment(flow),
): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  modelFlowToDoc(doc, flow);
  setMeta(doc, "alignment", alignment);
  // Copied so the type is a plain ArrayBuffer-backed array, as Prisma's Bytes expects.
  const state = new Uint8Array(Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return state;
}
