/**
 * What the Import button tells someone holding a PyTorch (.py) or ONNX (.onnx) file: the server
 * never executes uploaded code, so the model is converted on their own machine with
 * `graph-core import` and the resulting model-flow .json is imported.
 */

/** File types the import picker offers: model-flow JSON, plus the two it explains. */
export const IMPORT_ACCEPT = ".json,application/json,.py,.onnx";

const PY_COMMAND = "npx graph-core import model.py --class MyModel --input 3,256,256 -o model.json";
const ONNX_COMMAND = "npx graph-core import model.onnx -o model.json";

/** The Import button's tooltip: how to get a model-flow file from PyTorch or ONNX. */
export const IMPORT_TITLE = `Import a Layerwise model-flow .json file. From PyTorch: ${PY_COMMAND} (add --args '{"n_classes": 1}' for constructor arguments); from ONNX: ${ONNX_COMMAND}. Then import model.json.`;

/**
 * The explanation for a .py or .onnx file (null for anything else): the command that turns
 * it into a model-flow document, run in the Layerwise repository on the user's machine.
 */
export function importHint(fileName: string): string | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".py")) {
    return `${fileName} is PyTorch code, and Layerwise never runs uploaded code. Convert it on your machine: ${PY_COMMAND.replace("model.py", fileName)} (your nn.Module class, one sample's shape without the batch; --args '{"n_classes": 1}' passes constructor arguments). Then import model.json: every layer's shape and the parameter count are checked against PyTorch, and an operation without a layer is kept as an "Unsupported op" node.`;
  }
  if (lower.endsWith(".onnx")) {
    return `${fileName} is an ONNX model. Convert it on your machine: ${ONNX_COMMAND.replace("model.onnx", fileName)}, then import model.json (shapes and weights are checked; an operation without a layer is kept as an "Unsupported op" node).`;
  }
  return null;
}
