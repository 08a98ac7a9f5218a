import { MODEL_FLOW_FORMAT, MODEL_FLOW_VERSION, type TModelFlow } from "@layerwise/graph-core";

/** A blank model: the dataset node and the trainer node, ready to be filled from the palette. */
export function blankModel(): TModelFlow {
  return {
    format: MODEL_FLOW_FORMAT,
    version: MODEL_FLOW_VERSION,
    name: "Untitled model",
    nodes: [
      { id: "input", type: "Input", params: { shape: [3, 128, 128] }, position: { x: 0, y: 160 } },
      {
        id: "output",
        type: "Output",
        params: { task: "binary-segmentation" },
        position: { x: 960, y: 160 },
      },
    ],
    edges: [],
  };
}
