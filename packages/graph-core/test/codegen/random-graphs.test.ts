import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { TBlocks, TFlowEdge, TFlowNode, TModelFlow } from "../../src/graph/types";
import { analyze, compile } from "./engine";
import { SKIP_TORCH, runInTorch } from "./python-runner";

/**
 * Random image models: an Input, then a random sequence of conv / norm / activation / pooling /
 * upsampling steps, some wrapped in a residual (Add) or a skip concatenation, and sometimes a
 * Flatten → Linear head. Invalid draws (e.g. a pool that empties the map) are dropped by the
 * analysis, so what reaches torch is exactly what graph-core calls valid.
 */
const STEP = fc.oneof(
  fc.record({
    kind: fc.constant("conv" as const),
    out: fc.integer({ min: 1, max: 24 }),
    k: fc.integer({ min: 1, max: 5 }),
    s: fc.integer({ min: 1, max: 2 }),
    p: fc.integer({ min: 0, max: 2 }),
    bias: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("bn" as const) }),
  fc.record({ kind: fc.constantFrom("relu" as const, "gelu" as const, "sigmoid" as const) }),
  fc.record({
    kind: fc.constant("pool" as const),
    k: fc.integer({ min: 2, max: 3 }),
    avg: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("up" as const), out: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant("residual" as const), k: fc.constantFrom(1, 3) }),
  fc.record({ kind: fc.constant("concat" as const), out: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("block" as const) }),
  fc.record({ kind: fc.constant("dropout" as const) }),
);

/** One shared block: conv → BN → ReLU with a fixed width; its input width varies per use. */
const BLOCKS: TBlocks = {
  cbr: {
    label: "ConvBnReLU",
    nodes: [
      { id: "x", type: "BlockInput", params: {} },
      { id: "conv", type: "Conv2d", params: { out_channels: 6, kernel_size: 3, padding: 1 } },
      { id: "bn", type: "BatchNorm2d", params: {} },
      { id: "relu", type: "ReLU", params: {} },
      { id: "y", type: "BlockOutput", params: {} },
    ],
    edges: [
      { source: "x", target: "conv" },
      { source: "conv", target: "bn" },
      { source: "bn", target: "relu" },
      { source: "relu", target: "y" },
    ],
  },
};

type TStep = typeof STEP extends fc.Arbitrary<infer T> ? T : never;

function build(c: number, h: number, steps: TStep[], head: number | null): TModelFlow {
  const nodes: TFlowNode[] = [{ id: "input", type: "Input", params: { shape: [c, h, h] } }];
  const edges: TFlowEdge[] = [];
  let last = "input";
  let k = 0;
  const add = (type: string, params: TFlowNode["params"], ...src: string[]) => {
    const id = `n${k++}`;
    nodes.push({ id, type, params });
    src.forEach((s, port) =>
      edges.push(src.length > 1 ? { source: s, target: id, port } : { source: s, target: id }),
    );
    return id;
  };
  for (const s of steps) {
    switch (s.kind) {
      case "conv":
        last = add(
          "Conv2d",
          { out_channels: s.out, kernel_size: s.k, stride: s.s, padding: s.p, bias: s.bias },
          last,
        );
        break;
      case "bn":
        last = add("BatchNorm2d", {}, last);
        break;
      case "relu":
        last = add("ReLU", {}, last);
        break;
      case "gelu":
        last = add("GELU", {}, last);
        break;
      case "sigmoid":
        last = add("Sigmoid", {}, last);
        break;
      case "dropout":
        last = add("Dropout", { p: 0.25 }, last);
        break;
      case "pool":
        last = add(s.avg ? "AvgPool2d" : "MaxPool2d", { kernel_size: s.k }, last);
        break;
      case "up":
        last = add("ConvTranspose2d", { out_channels: s.out, kernel_size: 2, stride: 2 }, last);
        break;
      case "residual": {
        // out_channels -1 is a placeholder: fixResiduals sets it to the trunk's channel count.
        const branch = add(
          "Conv2d",
          { out_channels: -1, kernel_size: s.k, padding: (s.k - 1) / 2 },
          last,
        );
        last = add("Add", {}, last, branch);
        break;
      }
      case "block":
        // Uses after different widths share one class with an `__init__` size argument.
        last = add("Block", { block: "cbr" }, last);
        break;
      case "concat": {
        const branch = add("Conv2d", { out_channels: s.out, kernel_size: 3, padding: 1 }, last);
        last = add("Concat", { dim: 1 }, last, branch);
        break;
      }
    }
  }
  if (head !== null) {
    last = add("Flatten", {}, last);
    last = add("Linear", { out_features: head }, last);
  }
  // No Output node: its task checks would reject most random shapes; the module returns the sink.
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "random",
    nodes,
    edges,
    blocks: BLOCKS,
  };
}

/** Residual branches must keep the channel count: patch them from the analysis of the trunk. */
function fixResiduals(doc: TModelFlow): TModelFlow {
  for (let i = 0; i < doc.nodes.length; i++) {
    const n = doc.nodes[i]!;
    if (n.type === "Conv2d" && n.params.out_channels === -1) {
      const src = doc.edges.find((e) => e.target === n.id)!.source;
      const shape = analyze(doc).nodes.get(src)?.shape;
      n.params.out_channels = shape?.[0] ?? 1;
    }
  }
  return doc;
}

describe.skipIf(SKIP_TORCH)(
  "random valid graphs: generated code matches graph-core in torch",
  () => {
    const samples = fc.sample(
      fc.record({
        c: fc.integer({ min: 1, max: 4 }),
        h: fc.integer({ min: 4, max: 40 }),
        steps: fc.array(STEP, { minLength: 1, maxLength: 10 }),
        head: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
      }),
      { numRuns: 120, seed: 20261125 },
    );
    const valid = samples
      .map((s) => fixResiduals(build(s.c, s.h, s.steps, s.head)))
      .filter((d) => analyze(d).errorCount === 0)
      .slice(0, 40)
      .map((d) => compile(d));
    const results = runInTorch(valid.map((v) => v.code));

    it("draws enough valid graphs to mean something", () => {
      expect(valid.length).toBeGreaterThanOrEqual(20);
    });

    it.each(valid.map((_, i) => [i]))(
      "graph %i: builds, same output shape and parameter count",
      (i) => {
        const v = valid[i]!;
        const r = results[i]!;
        expect(r.error ?? "", v.code).toBe("");
        expect(r.params).toBe(v.analysis.totalParams);
        expect(r.shapes).toEqual(v.outputShapes);
      },
    );
  },
);
