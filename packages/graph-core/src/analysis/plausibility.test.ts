import { describe, expect, it } from "vitest";
import type { TFlowEdge, TFlowNode, TModelFlow } from "../graph/types";
import { analyze, createAnalyzer } from "./analyze";
import { formatBytes, formatExactCount } from "./plausibility";

function chain(input: number[], layers: [string, Record<string, unknown>][]): TModelFlow {
  const nodes: TFlowNode[] = [
    { id: "in", type: "Input", params: { shape: input } },
    ...layers.map(([type, params], i) => ({
      id: `n${i}`,
      type,
      params: params as TFlowNode["params"],
    })),
    { id: "out", type: "Output", params: { task: "classification" } },
  ];
  const edges: TFlowEdge[] = nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id }));
  return { format: "layerwise.model-flow", version: 1, name: "t", nodes, edges };
}

const graphCodes = (a: ReturnType<typeof analyze>) => a.diagnostics.map((d) => d.code);

describe("plausibility", () => {
  it("10⁹ output channels: warns with the parameter count and its bytes", () => {
    const doc = chain(
      [64, 8, 8],
      [
        ["Conv2d", { out_channels: 1_000_000_000, kernel_size: 3, padding: 1 }],
        ["AdaptiveAvgPool2d", { output_size: 1 }],
        ["Flatten", {}],
      ],
    );
    const a = analyze(doc);
    expect(a.totalParams).toBe(577_000_000_000);
    const d = a.diagnostics.find((x) => x.code === "too-many-params")!;
    expect(d).toMatchObject({ severity: "warning" });
    expect(d.message).toMatch(/577,000,000,000 parameters: 2\.1 TiB of float32 weights/);
    expect(d.message).toMatch(/8\.4 TiB to train/);
    expect(d.message).toMatch(/more than the 16 GiB device memory; "n0" alone/);
    expect(d.hint).toMatch(/typo/);
    expect(a.warningCount).toBeGreaterThanOrEqual(1);
  });

  it("an Input of 3×100000×100000 warns about one sample's activations", () => {
    const a = analyze(chain([3, 100_000, 100_000], [["ReLU", {}]]));
    const d = a.diagnostics.find((x) => x.code === "activation-memory")!;
    expect(d.message).toMatch(/about 224 GiB/);
    expect(d.message).toMatch(/"in" alone outputs 112 GiB/);
    expect(graphCodes(a)).not.toContain("too-many-params");
  });

  it("compares against a configurable device memory", () => {
    const doc = chain([3, 512, 512], [["Conv2d", { out_channels: 64, kernel_size: 3 }]]);
    expect(graphCodes(analyze(doc))).toEqual([]);
    const small = analyze(doc, { deviceMemoryBytes: 2 ** 20 });
    expect(graphCodes(small)).toEqual(["activation-memory"]);
    expect(small.diagnostics[0]!.message).toMatch(/than the 1 MiB device memory/);
  });

  it("incremental analysis follows the warning in and out (equals a fresh one)", () => {
    // A 3×3 input and kernel: a 1×1 output, so only the parameters are absurd.
    const doc = chain([3, 3, 3], [["Conv2d", { out_channels: 8, kernel_size: 3 }]]);
    const analyzer = createAnalyzer(doc);
    expect(analyzer.analysis.diagnostics).toEqual([]);
    const big = analyzer.setParams("n0", { out_channels: 200_000_000, kernel_size: 3 });
    expect(graphCodes(big)).toEqual(["too-many-params"]);
    expect(big.diagnostics).toEqual(analyze(analyzer.doc).diagnostics);
    expect(big.warningCount).toBe(analyze(analyzer.doc).warningCount);
    const back = analyzer.setParams("n0", { out_channels: 8, kernel_size: 3 });
    expect(back.diagnostics).toEqual([]);
    expect(back.warningCount).toBe(0);
  });
});

describe("formatExactCount / formatBytes", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1234567, "1,234,567"],
    [-1234, "-1,234"],
    [1e20, "100,000,000,000,000,000,000"],
    [1e21, "1,000,000,000,000,000,000,000"],
    [2 ** 60, "1,152,921,504,606,846,976"],
  ])("%d → %s", (n, text) => expect(formatExactCount(n)).toBe(text));

  it.each([
    [512, "512 B"],
    [2 ** 34, "16 GiB"],
    [1.5 * 2 ** 20, "1.5 MiB"],
  ])("%d bytes → %s", (n, text) => expect(formatBytes(n)).toBe(text));
});
