/**
 * The warnings a senior engineer would give (issue 11): each fires where it should, the ones torch
 * can tell are checked against real torch, and none fires on a shipped template.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { TFlowEdge, TFlowNode, TModelFlow } from "../graph/types";
import { TEMPLATE_IDS, loadTemplate } from "../templates";
import { SKIP_TORCH } from "../../test/codegen/python-runner";
import { analyze } from "./analyze";
import { createAnalyzer } from "./analyze";
import type { TDiagnosticCode } from "./types";

const NEW_CODES: readonly TDiagnosticCode[] = [
  "batchnorm-single-value",
  "dropout-before-norm",
  "too-many-params",
  "activation-memory",
];

/** A chain Input → layers… → Output. */
function chain(input: number[], layers: [string, Record<string, unknown>?][], output = {}) {
  const nodes: TFlowNode[] = [
    { id: "in", type: "Input", params: { shape: input } },
    ...layers.map(([type, params], i) => ({
      id: `n${i}`,
      type,
      params: (params ?? {}) as TFlowNode["params"],
    })),
    { id: "out", type: "Output", params: output as TFlowNode["params"] },
  ];
  const edges: TFlowEdge[] = nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id }));
  const doc: TModelFlow = { format: "layerwise.model-flow", version: 1, name: "t", nodes, edges };
  return doc;
}

const codesOf = (doc: TModelFlow, id: string) =>
  analyze(doc)
    .nodes.get(id)!
    .diagnostics.map((d) => d.code);

/** Trains one step of `torch.nn.<type>(C)` on a batch of 1 of `shape`; the error or null. */
function torchBatchOfOne(cases: { type: string; shape: number[] }[]): (string | null)[] {
  const script = `
import json, sys, torch
out = []
for c in json.loads(sys.argv[1]):
    m = getattr(torch.nn, c["type"])(c["shape"][0]).train()
    try:
        m(torch.randn(1, *c["shape"]))
        out.append(None)
    except Exception as e:
        out.append(str(e))
print(json.dumps(out))
`;
  return JSON.parse(
    execFileSync("python3", ["-c", script, JSON.stringify(cases)], { encoding: "utf8" }),
  ) as (string | null)[];
}

describe("batchnorm-single-value", () => {
  const cases = [
    { type: "BatchNorm1d", shape: [16] },
    { type: "BatchNorm1d", shape: [16, 1] },
    { type: "BatchNorm1d", shape: [16, 3] },
    { type: "BatchNorm2d", shape: [8, 1, 1] },
    { type: "BatchNorm2d", shape: [8, 1, 2] },
    { type: "BatchNorm2d", shape: [8, 4, 4] },
    { type: "BatchNorm3d", shape: [4, 1, 1, 1] },
    { type: "BatchNorm3d", shape: [4, 2, 1, 1] },
  ];

  it("fires exactly where torch refuses a batch of 1 in training", () => {
    const flagged = cases.map((c) =>
      codesOf(chain(c.shape, [[c.type]]), "n0").includes("batchnorm-single-value"),
    );
    expect(flagged).toEqual([true, true, false, true, false, false, true, false]);
    if (SKIP_TORCH) return;
    const errors = torchBatchOfOne(cases);
    errors.forEach((e, i) => {
      if (flagged[i]) expect(e).toMatch(/Expected more than 1 value per channel when training/);
      else expect(e).toBeNull();
    });
  });

  it("after a global pool, names the shape and the fix", () => {
    const doc = chain(
      [3, 32, 32],
      [
        ["Conv2d", { out_channels: 8, kernel_size: 3 }],
        ["AdaptiveAvgPool2d", { output_size: 1 }],
        ["BatchNorm2d"],
      ],
    );
    const d = analyze(doc)
      .nodes.get("n2")!
      .diagnostics.find((x) => x.code === "batchnorm-single-value")!;
    expect(d.message).toMatch(/BatchNorm2d "n2" normalises 8×1×1/);
    expect(d.hint).toMatch(/batch_size ≥ 2/);
  });
});

describe("dropout-before-norm", () => {
  it.each(["Dropout", "Dropout2d", "AlphaDropout"])("%s right before BatchNorm2d warns", (t) => {
    const doc = chain([3, 8, 8], [[t], ["BatchNorm2d"]]);
    expect(codesOf(doc, "n1")).toEqual(["dropout-before-norm"]);
    const d = analyze(doc).nodes.get("n1")!.diagnostics[0]!;
    expect(d.hint).toMatch(new RegExp(`Move the ${t} after the norm`));
  });

  it("does not warn for dropout after the norm, or before LayerNorm", () => {
    expect(codesOf(chain([3, 8, 8], [["BatchNorm2d"], ["Dropout"]]), "n0")).toEqual([]);
    expect(
      codesOf(chain([8], [["Dropout"], ["LayerNorm", { normalized_shape: [8] }]]), "n1"),
    ).toEqual([]);
  });

  it("follows a type change incrementally (equals a fresh analysis)", () => {
    const doc = chain([3, 8, 8], [["ReLU"], ["BatchNorm2d"]]);
    const analyzer = createAnalyzer(doc);
    const after = analyzer.setType("n0", "Dropout");
    expect(after.nodes.get("n1")!.diagnostics.map((d) => d.code)).toEqual(["dropout-before-norm"]);
    expect(after.nodes.get("n1")).toEqual(analyze(analyzer.doc).nodes.get("n1"));
    const back = analyzer.setType("n0", "ReLU");
    expect(back.nodes.get("n1")!.diagnostics.map((d) => d.code)).toEqual(["layer-order"]);
  });
});

describe("double-activation before a loss that applies it", () => {
  it.each([
    ["Sigmoid", { task: "binary-segmentation" }, [1, 8, 8]],
    ["Softmax", { task: "classification" }, [10]],
    ["LogSoftmax", { task: "classification" }, [10]],
    ["Softmax2d", { task: "multiclass-segmentation" }, [3, 8, 8]],
  ] as const)("%s before %j", (act, output, shape) => {
    const doc = chain([...shape], [[act]], output);
    expect(codesOf(doc, "out")).toContain("double-activation");
  });

  it("not for a loss that wants probabilities", () => {
    const doc = chain([1, 8, 8], [["Sigmoid"]], { task: "binary-segmentation", loss: "BCELoss" });
    expect(codesOf(doc, "out")).not.toContain("double-activation");
  });
});

describe("templates", () => {
  it.each(TEMPLATE_IDS)("%s triggers none of the new warnings", (id) => {
    const a = analyze(loadTemplate(id));
    const all = [...a.diagnostics, ...[...a.nodes.values()].flatMap((n) => n.diagnostics)];
    expect(all.filter((d) => NEW_CODES.includes(d.code) || d.code === "double-activation")).toEqual(
      [],
    );
  });
});

describe("odd size into a stride-2 pool, found at the decoder Concat", () => {
  // 64 → unpadded conv 62 → pool 31 → conv 31 → pool 15 (drops a row) → upsample 30 ≠ 31.
  const nodes: [string, string, Record<string, unknown>][] = [
    ["in", "Input", { shape: [3, 64, 64] }],
    ["c1", "Conv2d", { out_channels: 8, kernel_size: 3 }],
    ["p1", "MaxPool2d", { kernel_size: 2 }],
    ["c2", "Conv2d", { out_channels: 8, kernel_size: 3, padding: 1 }],
    ["p2", "MaxPool2d", { kernel_size: 2 }],
    ["up", "Upsample", { scale_factor: 2 }],
    ["cat", "Concat", {}],
    ["out", "Output", { task: "multiclass-segmentation" }],
  ];
  const edges: TFlowEdge[] = [
    { source: "in", target: "c1" },
    { source: "c1", target: "p1" },
    { source: "p1", target: "c2" },
    { source: "c2", target: "p2" },
    { source: "p2", target: "up" },
    { source: "c2", target: "cat", port: 0 },
    { source: "up", target: "cat", port: 1 },
    { source: "cat", target: "out" },
  ];
  const doc: TModelFlow = {
    format: "layerwise.model-flow",
    version: 1,
    name: "t",
    nodes: nodes.map(([id, type, params]) => ({ id, type, params: params as TFlowNode["params"] })),
    edges,
  };

  it("names the pool that received the odd size, though the Input divides by 4", () => {
    const a = analyze(doc);
    expect(a.nodes.get("p2")!.diagnostics.map((d) => d.code)).toEqual(["odd-pool-drop"]);
    const meet = a.nodes.get("cat")!.diagnostics.find((d) => d.code === "size-cannot-meet")!;
    expect(meet.message).toMatch(/MaxPool2d "p2" receives 31×31 and rounds it down to 15×15/);
    expect(meet.hint).toMatch(/entering "p2" divisible by its stride \(e\.g\. 32×32\)/);
  });

  it.skipIf(SKIP_TORCH)("torch's cat refuses the same sizes", () => {
    const script = `
import torch, torch.nn as nn
x = torch.randn(1, 3, 64, 64)
c2 = nn.Conv2d(8, 8, 3, padding=1)(nn.MaxPool2d(2)(nn.Conv2d(3, 8, 3)(x)))
up = nn.Upsample(scale_factor=2)(nn.MaxPool2d(2)(c2))
print(list(c2.shape), list(up.shape))
try:
    torch.cat([c2, up], 1)
    print("ok")
except RuntimeError as e:
    print(str(e).splitlines()[0])
`;
    const out = execFileSync("python3", ["-c", script], { encoding: "utf8" }).trim().split("\n");
    expect(out[0]).toBe("[1, 8, 31, 31] [1, 8, 30, 30]");
    expect(out[1]).toMatch(/Sizes of tensors must match except in dimension 1/);
  });
});
