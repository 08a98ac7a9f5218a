import { getLayerDef, type TBlocks, type TFlowNode } from "@layerwise/graph-core";

/**
 * A layer's name as a person reads it in the code: its own label, else for a Block the block's
 * name ("DoubleConv 64", the class the code generator emits), else the layer's catalogue label.
 */
export function nodeTitle(
  node: Pick<TFlowNode, "type" | "label" | "params">,
  blocks?: TBlocks,
): string {
  if (typeof node.label === "string" && node.label.trim()) return node.label;
  if (node.type === "Block") {
    const id = node.params?.block;
    const label = typeof id === "string" ? blocks?.[id]?.label : undefined;
    if (label) return label;
  }
  return getLayerDef(node.type)?.label ?? node.type;
}
