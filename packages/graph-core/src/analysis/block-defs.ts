/**
 * Catalogue entries for the block graph ops, so that the palette, the inspector and `getLayerDef`
 * know them. Their shapes come from analysis (which sees through blocks), not from these defs:
 * BlockInput receives the outer input as its own input, BlockOutput passes its input through,
 * and a Block node takes the shape of its inner BlockOutput.
 */
import { fail, ok } from "../shape/result";
import type { TLayerDef } from "../layers/types";

const passThrough = {
  paramCount: () => 0,
  macs: () => 0,
  orderRole: null,
  family: "block",
} as const;

const BLOCK_INPUT: TLayerDef = {
  ...passThrough,
  type: "BlockInput",
  label: "Block input",
  description: "Where a tensor enters a block; port orders the block's inputs (0, 1, …).",
  aliases: ["block input"],
  params: [
    {
      name: "port",
      label: "Port",
      tooltip: "Which input of the Block node feeds this (0, 1, …).",
      spec: { kind: "int", min: 0 },
      default: 0,
    },
  ],
  inputs: 0,
  inferShape: (ctx) =>
    ctx.inputs[0] === undefined
      ? fail(
          ctx,
          "missing-input",
          "BlockInput has no tensor: the Block node using it lacks an input",
        )
      : ok(ctx.inputs[0]),
  toPyTorch: () => ({ module: null }),
};

const BLOCK_OUTPUT: TLayerDef = {
  ...passThrough,
  type: "BlockOutput",
  label: "Block output",
  description: "What a block returns.",
  aliases: ["block output"],
  params: [],
  inputs: 1,
  dtype: { input: "any", output: "same" },
  inferShape: (ctx) => ok(ctx.inputs[0]!),
  toPyTorch: () => ({ module: null, forward: (inputs) => inputs[0] ?? "x" }),
};

const BLOCK: TLayerDef = {
  ...passThrough,
  type: "Block",
  label: "Block",
  description: "A reusable group of layers defined under the document's blocks (e.g. DoubleConv).",
  aliases: ["block", "group", "module", "subgraph"],
  params: [
    {
      name: "block",
      label: "Block",
      tooltip: "Id of the block under the document's blocks.",
      spec: { kind: "string" },
    },
  ],
  // The real arity is the block's BlockInput count; analysis checks it.
  inputs: "variadic",
  inferShape: (ctx) =>
    fail(
      ctx,
      "unknown-type",
      "A Block node is evaluated by analyze() with its document (blocks live there)",
    ),
  toPyTorch: () => ({ module: null }),
};

/** Block, BlockInput, BlockOutput (family "block"). */
export const BLOCK_LAYERS: readonly TLayerDef[] = [BLOCK, BLOCK_INPUT, BLOCK_OUTPUT];
