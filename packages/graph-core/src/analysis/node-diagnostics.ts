/**
 * Diagnostics about a node's identity (its type), kept apart from the engine so the messages
 * and the "did you mean" lookup live in one place.
 */
import type { TGraphIndex } from "../graph/topology";
import type { TFlowNode, TGraphLike } from "../graph/types";
import { LAYER_DEFS } from "../layers/registry";
import type { TLayerDef } from "../layers/types";
import { NO_DIAGNOSTICS, nodeError, nodeWarning } from "./node-result";
import type { TDiagnostic } from "./types";

/** The `unknown-type` error, with a case-insensitive "did you mean" when one matches. */
export function unknownType(id: string, type: unknown): TDiagnostic {
  const text = String(type);
  const lower = text.toLowerCase();
  const guess = typeof type === "string" ? findCaseInsensitive(lower) : undefined;
  return nodeError(
    id,
    "unknown-type",
    `unknown layer type "${text}" on node "${id}"`,
    guess !== undefined
      ? `Did you mean ${guess.type}?`
      : "Use a torch.nn class name (Conv2d, ReLU, …) or Input, Output, Concat, Add, Multiply, Block.",
  );
}

let lowerIndex: Map<string, TLayerDef> | null = null;
/** Case-insensitive type lookup for "did you mean" (built on first use). */
function findCaseInsensitive(lower: string): TLayerDef | undefined {
  if (lowerIndex === null) {
    lowerIndex = new Map();
    for (const d of LAYER_DEFS)
      if (!lowerIndex.has(d.type.toLowerCase())) lowerIndex.set(d.type.toLowerCase(), d);
  }
  return lowerIndex.get(lower);
}

/** Graph-level diagnostics: dangling edges, duplicate ids and (for a document) no Output. */
export function graphDiagnostics(
  index: TGraphIndex,
  graph: TGraphLike,
  noOutput: boolean,
): TDiagnostic[] {
  const out: TDiagnostic[] = [];
  for (const e of index.dangling) {
    const edge = graph.edges[e]!;
    const missing = index.indexOf.has(edge.source) ? edge.target : edge.source;
    out.push({
      code: "dangling-edge",
      severity: "warning",
      message: `edge ${e} (${String(edge.source)} → ${String(edge.target)}) points at a node that does not exist: "${String(missing)}"; it is ignored`,
      hint: "Delete the edge or restore the node.",
    });
  }
  for (const d of index.duplicates) {
    const id = graph.nodes[d]!.id;
    out.push({
      code: "duplicate-id",
      severity: "error",
      message: `node id "${String(id)}" is used more than once (nodes[${d}]); the later node is ignored`,
      hint: "Give every node a unique id.",
    });
  }
  if (noOutput) {
    out.push({
      code: "no-output",
      severity: "warning",
      message: "The model has no Output node, so it cannot be trained; shapes are still inferred",
      hint: "Add an Output node after the last layer and pick the task.",
    });
  }
  return out.length === 0 ? NO_DIAGNOSTICS : out;
}

/** `missing-input` / `too-many-inputs` for a node with `count` incoming edges, or null. */
export function arityError(node: TFlowNode, def: TLayerDef, count: number): TDiagnostic | null {
  const id = node.id;
  if (node.type === "Input" || node.type === "BlockInput") {
    return count > 0
      ? nodeError(
          id,
          "too-many-inputs",
          `${node.type} "${id}" is a source and takes no incoming edge (it has ${count})`,
          "Remove the edges into it.",
        )
      : null;
  }
  const expected = def.inputs;
  if (expected === "variadic") {
    const min = node.type === "Block" || node.type === "UnsupportedOp" ? 1 : 2;
    if (count >= min) return null;
    return count === 0
      ? nodeError(
          id,
          "missing-input",
          `${node.type} "${id}" has no input`,
          `Connect ${min === 1 ? "an edge" : "two or more edges (ports 0, 1, …)"} into it.`,
        )
      : nodeError(
          id,
          "missing-input",
          `${node.type} "${id}" needs at least 2 inputs, it has 1`,
          "Connect the second branch (port 1), or delete the merge.",
        );
  }
  if (count < expected) {
    // Two-input layers (Bilinear, TransformerDecoderLayer…) name their ports.
    const ports = `ports 0–${expected - 1}`;
    return nodeError(
      id,
      "missing-input",
      count === 0
        ? `${node.type} "${id}" has no input`
        : `${node.type} "${id}" needs ${expected} inputs (${ports}), it has ${count}`,
      expected === 1 ? "Connect an edge into it." : `Connect ${expected} edges, on ${ports}.`,
    );
  }
  if (count > expected) {
    return nodeError(
      id,
      "too-many-inputs",
      `${node.type} "${id}" takes ${expected} input${expected === 1 ? "" : "s"} but ${count} edges come in`,
      "Merge the branches first with Concat, Add or Multiply, or remove the extra edges.",
    );
  }
  return null;
}

/** `dtype-mismatch`: integer indices where floats are needed, or the reverse. */
export function dtypeMismatch(node: TFlowNode, wantsLong: boolean): TDiagnostic {
  const id = node.id;
  return wantsLong
    ? nodeError(
        id,
        "dtype-mismatch",
        `${node.type} "${id}" needs integer indices (long) but receives a float tensor`,
        'Set the Input\'s dtype to "long" (token ids), and feed the Embedding directly.',
      )
    : nodeError(
        id,
        "dtype-mismatch",
        `${node.type} "${id}" needs a float tensor but receives integer indices (long)`,
        'Only Embedding takes indices: put an Embedding first, or set the Input\'s dtype to "float".',
      );
}

/** `unreachable`: the node is not fed from an Input. */
export function unreachable(id: string, type: unknown): TDiagnostic {
  return nodeWarning(
    id,
    "unreachable",
    `${String(type)} "${id}" is not fed from an Input, so its shape is unknown`,
    "Connect the chain it belongs to to an Input (or delete it).",
  );
}
