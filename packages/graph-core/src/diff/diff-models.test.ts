import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { TFlowNode, TModelFlow } from "../graph/types";
import type { TLayerDef } from "../layers/types";
import { diffModels, isEmptyDiff, jsonEqual } from "./diff-models";

function doc(nodes: TFlowNode[], edges: TModelFlow["edges"] = []): TModelFlow {
  return { format: "layerwise.model-flow", version: 1, name: "m", nodes, edges };
}

const conv = (id: string, params: TFlowNode["params"] = {}): TFlowNode => ({
  id,
  type: "Conv2d",
  params,
});

// A minimal stand-in for the catalogue entry: only the params matter to the diff.
const FAKE_CONV = {
  type: "Conv2d",
  params: [
    { name: "out_channels", label: "", tooltip: "", spec: { kind: "int", min: 1 } },
    { name: "kernel_size", label: "", tooltip: "", spec: { kind: "int-tuple", rank: 2, min: 1 } },
    {
      name: "padding",
      label: "",
      tooltip: "",
      spec: { kind: "int-tuple-or-enum", rank: 2, values: ["same", "valid"] },
      default: 0,
    },
    { name: "bias", label: "", tooltip: "", spec: { kind: "bool" }, default: true },
  ],
} as unknown as TLayerDef;
const lookup = (t: string) => (t === "Conv2d" ? FAKE_CONV : undefined);
const RAW = { lookup: () => undefined };

describe("diffModels", () => {
  it("reports added and removed nodes by id in document order", () => {
    const a = doc([conv("x"), conv("y"), conv("z")]);
    const b = doc([conv("w"), conv("x"), conv("v")]);
    const d = diffModels(a, b);
    expect(d.added).toEqual(["w", "v"]);
    expect(d.removed).toEqual(["y", "z"]);
    expect(d.changed).toEqual([]);
  });

  it("reports param changes as [old, new] and type changes", () => {
    const a = doc([conv("c", { out_channels: 64, kernel_size: 3 })]);
    const b = doc([
      { id: "c", type: "ConvTranspose2d", params: { out_channels: 32, kernel_size: 3 } },
    ]);
    expect(diffModels(a, b).changed).toEqual([
      { id: "c", params: { out_channels: [64, 32] }, type: ["Conv2d", "ConvTranspose2d"] },
    ]);
  });

  it("reads an absent param as null without a catalogue", () => {
    const d = diffModels(doc([conv("c", { bias: false })]), doc([conv("c")]), RAW);
    expect(d.changed).toEqual([{ id: "c", params: { bias: [false, null] } }]);
  });

  it("treats torch defaults and scalar shorthands as equal with a catalogue", () => {
    const a = doc([conv("c", { kernel_size: 3, padding: 0, bias: true })]);
    const b = doc([conv("c", { kernel_size: [3, 3] })]);
    expect(isEmptyDiff(diffModels(a, b, { lookup }))).toBe(true);
    // Without the catalogue the same edit is visible.
    expect(diffModels(a, b, RAW).changed).toHaveLength(1);
    const c = doc([conv("c", { kernel_size: 3, bias: false })]);
    expect(diffModels(a, c, { lookup }).changed).toEqual([
      { id: "c", params: { bias: [true, false] } },
    ]);
  });

  it("uses the real catalogue's defaults by default", () => {
    const a = doc([
      conv("c", { out_channels: 8, kernel_size: 3, stride: 1, padding_mode: "zeros" }),
    ]);
    const b = doc([conv("c", { out_channels: 8, kernel_size: [3, 3] })]);
    expect(isEmptyDiff(diffModels(a, b))).toBe(true);
    const c = doc([conv("c", { out_channels: 8, kernel_size: 3, stride: 2 })]);
    expect(diffModels(a, c).changed).toEqual([{ id: "c", params: { stride: [1, 2] } }]);
  });

  it("ignores positions, labels and object key order", () => {
    const a = doc([
      { ...conv("c", { k: { p: 1, q: [1, 2] } }), position: { x: 1, y: 2 }, label: "a" },
    ]);
    const b = doc([
      { ...conv("c", { k: { q: [1, 2], p: 1 } }), position: { x: 9, y: 9 }, label: "b" },
    ]);
    expect(isEmptyDiff(diffModels(a, b))).toBe(true);
  });

  it("diffs edges by source, target and port", () => {
    const a = doc(
      [conv("a"), conv("b"), conv("m")],
      [
        { source: "a", target: "m", port: 0 },
        { source: "b", target: "m", port: 1 },
      ],
    );
    const b = doc(
      [conv("a"), conv("b"), conv("m")],
      [
        { source: "b", target: "m", port: 0 },
        { source: "a", target: "m", port: 1 },
      ],
    );
    const d = diffModels(a, b);
    expect(d.edges.added).toEqual([
      { source: "b", target: "m", port: 0 },
      { source: "a", target: "m", port: 1 },
    ]);
    expect(d.edges.removed).toEqual([
      { source: "a", target: "m", port: 0 },
      { source: "b", target: "m", port: 1 },
    ]);
  });

  it("is empty against itself and symmetric in added/removed (property)", () => {
    const arbDoc = fc
      .uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 6 })
      .chain((ids) =>
        fc.record({
          ids: fc.constant(ids),
          ch: fc.array(fc.integer({ min: 1, max: 4 }), {
            minLength: ids.length,
            maxLength: ids.length,
          }),
          edges: fc.array(
            fc.record({
              source: fc.constantFrom("a", "b", "c"),
              target: fc.constantFrom("d", "e", "f"),
            }),
            { maxLength: 5 },
          ),
        }),
      )
      .map(({ ids, ch, edges }) =>
        doc(
          ids.map((id, i) => conv(id, { out_channels: ch[i] ?? 1 })),
          edges,
        ),
      );
    fc.assert(
      fc.property(arbDoc, arbDoc, (a, b) => {
        expect(isEmptyDiff(diffModels(a, a))).toBe(true);
        const ab = diffModels(a, b);
        const ba = diffModels(b, a);
        expect([...ab.added].sort()).toEqual([...ba.removed].sort());
        expect(ab.edges.added.length).toBe(ba.edges.removed.length);
        expect(ab.changed.map((c) => c.id).sort()).toEqual(ba.changed.map((c) => c.id).sort());
      }),
    );
  });
});

describe("jsonEqual", () => {
  it.each([
    [1, 1, true],
    [1, "1", false],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [null, null, true],
    [null, {}, false],
  ] as const)("%j vs %j → %s", (x, y, expected) => {
    expect(jsonEqual(x as never, y as never)).toBe(expected);
  });
});

describe("diffModels on block definitions", () => {
  const double = (kernel: number, label = "DoubleConv") => ({
    label,
    nodes: [
      { id: "i", type: "BlockInput", params: {} },
      conv("a", { out_channels: 8, kernel_size: kernel }),
      { id: "o", type: "BlockOutput", params: {} },
    ],
    edges: [
      { source: "i", target: "a" },
      { source: "a", target: "o" },
    ],
  });
  const withBlocks = (blocks: TModelFlow["blocks"]): TModelFlow => ({
    ...doc([{ id: "b", type: "Block", params: { block: "double" } }]),
    blocks,
  });

  it("reports a changed inner layer, a renamed block and added/removed blocks", () => {
    const a = withBlocks({ double: double(3), old: double(3) });
    const b = withBlocks({ double: double(5, "Double conv"), fresh: double(3) });
    const d = diffModels(a, b, { lookup });
    // The Block node itself is unchanged: the change lives in the definition it uses.
    expect(d.changed).toEqual([]);
    expect(d.blocks).toEqual({
      added: ["fresh"],
      removed: ["old"],
      changed: [
        {
          id: "double",
          label: ["DoubleConv", "Double conv"],
          diff: {
            added: [],
            removed: [],
            changed: [{ id: "a", params: { kernel_size: [3, 5] } }],
            edges: { added: [], removed: [] },
          },
        },
      ],
    });
    expect(isEmptyDiff(d)).toBe(false);
  });

  it("leaves `blocks` out when the definitions are equal, and tolerates malformed ones", () => {
    const a = withBlocks({ double: double(3) });
    expect(diffModels(a, withBlocks({ double: double(3) }), { lookup })).not.toHaveProperty(
      "blocks",
    );
    expect(isEmptyDiff(diffModels(a, a, { lookup }))).toBe(true);
    const broken = withBlocks({ double: { label: "x" } as never });
    expect(() => diffModels(a, broken, { lookup })).not.toThrow();
    expect(diffModels(a, broken, { lookup }).blocks?.changed[0]?.diff.removed).toEqual([
      "i",
      "a",
      "o",
    ]);
    const none = withBlocks({ double: null as never });
    expect(() => diffModels(a, none, { lookup })).not.toThrow();
  });

  it("matches block ids as own keys only", () => {
    // "constructor" is in every object: it must still read as removed when b lacks it.
    const a = withBlocks({ constructor: double(3) });
    const d = diffModels(a, withBlocks({}), { lookup });
    expect(d.blocks).toEqual({ added: [], removed: ["constructor"], changed: [] });
    expect(diffModels(withBlocks({}), a, { lookup }).blocks?.added).toEqual(["constructor"]);
  });
});
