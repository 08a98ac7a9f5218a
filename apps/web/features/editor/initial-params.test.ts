import { analyze, LAYER_DEFS, type TDiagnostic, type TFlowEdge } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import { initialParams } from "./editor-actions";

/** Inputs a user would put before a layer: an image, a 1-D signal, features, a volume, tokens… */
const INPUTS: { shape: number[]; dtype?: "long" }[] = [
  { shape: [3, 32, 32] },
  { shape: [16, 32] },
  { shape: [64] },
  { shape: [3, 8, 16, 16] },
  { shape: [16], dtype: "long" },
  { shape: [10, 64] },
];
const NOT_IN_PALETTE = new Set([
  "Input",
  "Output",
  "Block",
  "BlockInput",
  "BlockOutput",
  "UnsupportedOp",
]);
const PALETTE = LAYER_DEFS.filter((d) => !NOT_IN_PALETTE.has(d.type));

/** The new node's diagnostics after each candidate input, the cleanest first. */
function cleanest(type: string): { input: number[]; diagnostics: TDiagnostic[] } {
  const def = LAYER_DEFS.find((d) => d.type === type)!;
  const ports = def.inputs === "variadic" ? 2 : def.inputs;
  const runs = INPUTS.map((input) => {
    const edges: TFlowEdge[] = Array.from({ length: ports }, (_, port) =>
      ports > 1 ? { source: "in", target: "x", port } : { source: "in", target: "x" },
    );
    const a = analyze({
      nodes: [
        { id: "in", type: "Input", params: { ...input } },
        { id: "x", type, params: initialParams(type) },
      ],
      edges,
    });
    return { input: input.shape, diagnostics: a.nodes.get("x")!.diagnostics };
  });
  const score = (ds: TDiagnostic[]) =>
    ds.filter((d) => d.severity === "error").length * 100 + ds.length;
  return runs.sort((a, b) => score(a.diagnostics) - score(b.diagnostics))[0]!;
}

describe("initialParams", () => {
  it.each(PALETTE.map((d) => d.type))("a new %s analyses without error or warning", (type) => {
    expect(cleanest(type).diagnostics).toEqual([]);
  });

  it("sets what torch's defaults get wrong for our [L, E] samples", () => {
    for (const t of [
      "RNN",
      "LSTM",
      "GRU",
      "TransformerEncoder",
      "TransformerDecoderLayer",
      "Transformer",
    ])
      expect(initialParams(t)).toMatchObject({ batch_first: true });
    expect(initialParams("TransformerEncoder")).toMatchObject({ nhead: 8, num_layers: 2 });
    expect(initialParams("FractionalMaxPool2d")).toMatchObject({ output_ratio: 0.5 });
    expect(initialParams("ReflectionPad2d")).toEqual({ padding: 1 });
  });
});
