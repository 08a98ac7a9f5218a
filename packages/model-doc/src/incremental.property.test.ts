/**
 * Incremental = full, always (issue 11): random edit sequences applied the way the editor applies
 * them — model-doc edits inside Y.Doc transactions, undone and redone by a `Y.UndoManager`, fed
 * through the mirror into one long-lived `createAnalyzer().setDoc` — and after every step the
 * incremental analysis equals a fresh full analysis of the document read back from the Y.Doc (a
 * reload), diagnostics included.
 */
import {
  analyze,
  createAnalyzer,
  type TAnalysis,
  type TFlowNode,
  type TJsonValue,
  type TModelFlow,
} from "@layerwise/graph-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  LAYOUT_ORIGIN,
  LOCAL_ORIGIN,
  addNodes,
  connect,
  createModelMirror,
  disconnect,
  docToModelFlow,
  expandBlock,
  groupIntoBlock,
  modelFlowToDoc,
  modelMaps,
  moveNodes,
  removeNodes,
  setParam,
} from "./index";

/** Layers whose neighbours matter to each other's warnings (bias, order, double activation). */
const PALETTE: { type: string; params: Record<string, TJsonValue> }[] = [
  { type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
  { type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1, bias: false } },
  { type: "Conv2d", params: { out_channels: 4, kernel_size: 1 } },
  { type: "ConvTranspose2d", params: { out_channels: 8, kernel_size: 2, stride: 2 } },
  { type: "BatchNorm2d", params: {} },
  { type: "InstanceNorm2d", params: {} },
  { type: "GroupNorm", params: { num_groups: 2 } },
  { type: "ReLU", params: {} },
  { type: "Sigmoid", params: {} },
  { type: "Softmax", params: { dim: 1 } },
  { type: "Dropout", params: {} },
  { type: "MaxPool2d", params: { kernel_size: 2 } },
  { type: "Upsample", params: { scale_factor: 2 } },
  { type: "Concat", params: { dim: 1 } },
  { type: "Add", params: {} },
  { type: "Flatten", params: {} },
  { type: "Linear", params: { out_features: 10 } },
  { type: "Input", params: { shape: [3, 16, 16] } },
  { type: "Input", params: { shape: [3, 15, 15] } },
  { type: "Output", params: { task: "binary-segmentation" } },
  { type: "Output", params: { task: "classification", num_classes: 10 } },
];
const TYPES = [...new Set(PALETTE.map((p) => p.type))];
const PARAMS: [string, TJsonValue | undefined][] = [
  ["out_channels", 4],
  ["out_channels", 8],
  ["out_channels", 16],
  ["bias", true],
  ["bias", false],
  ["bias", undefined],
  ["kernel_size", 1],
  ["kernel_size", 3],
  ["kernel_size", 5],
  ["padding", 0],
  ["padding", 1],
  ["stride", 2],
  ["num_groups", 3],
  ["shape", [3, 16, 16]],
  ["shape", [3, 17, 17]],
  ["task", "binary-segmentation"],
  ["task", "classification"],
  ["loss", "BCEWithLogitsLoss"],
  ["dim", 1],
];

const START: TModelFlow = {
  format: "layerwise.model-flow",
  version: 1,
  name: "start",
  nodes: [
    { id: "in", type: "Input", params: { shape: [3, 16, 16] } },
    { id: "c1", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
    { id: "bn1", type: "BatchNorm2d", params: {} },
    { id: "r1", type: "ReLU", params: {} },
    { id: "p1", type: "MaxPool2d", params: { kernel_size: 2 } },
    { id: "c2", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
    { id: "up", type: "ConvTranspose2d", params: { out_channels: 8, kernel_size: 2, stride: 2 } },
    { id: "cat", type: "Concat", params: { dim: 1 } },
    { id: "head", type: "Conv2d", params: { out_channels: 1, kernel_size: 1 } },
    { id: "sig", type: "Sigmoid", params: {} },
    { id: "out", type: "Output", params: { task: "binary-segmentation" } },
  ],
  edges: [
    { source: "in", target: "c1" },
    { source: "c1", target: "bn1" },
    { source: "bn1", target: "r1" },
    { source: "r1", target: "p1" },
    { source: "p1", target: "c2" },
    { source: "c2", target: "up" },
    { source: "r1", target: "cat", port: 0 },
    { source: "up", target: "cat", port: 1 },
    { source: "cat", target: "head" },
    { source: "head", target: "sig" },
    { source: "sig", target: "out" },
  ],
};

const pick = fc.nat(1000);
const step = fc.oneof(
  fc.record({
    kind: fc.constant("add" as const),
    layer: fc.nat(PALETTE.length - 1),
    from: fc.option(pick, { nil: undefined }),
    to: fc.option(pick, { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("remove" as const), node: pick, heal: fc.boolean() }),
  fc.record({
    kind: fc.constant("connect" as const),
    from: pick,
    to: pick,
    port: fc.option(fc.nat(2), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("disconnect" as const), edge: pick }),
  fc.record({ kind: fc.constant("param" as const), node: pick, param: fc.nat(PARAMS.length - 1) }),
  fc.record({ kind: fc.constant("remote" as const), node: pick, param: fc.nat(PARAMS.length - 1) }),
  fc.record({ kind: fc.constant("type" as const), node: pick, type: fc.nat(TYPES.length - 1) }),
  fc.record({
    kind: fc.constant("group" as const),
    node: pick,
    size: fc.integer({ min: 2, max: 3 }),
  }),
  fc.record({ kind: fc.constant("expand" as const), node: pick }),
  fc.record({ kind: fc.constant("move" as const), node: pick }),
  fc.constant({ kind: "undo" as const }),
  fc.constant({ kind: "redo" as const }),
);
type TStep = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** The editor's pipeline (apps/web EditorStore): mirror → analyzer.setDoc, same undo manager. */
function openEditor() {
  const ydoc = new Y.Doc();
  modelFlowToDoc(ydoc, START);
  const mirror = createModelMirror(ydoc);
  const analyzer = createAnalyzer(mirror.flow);
  mirror.subscribe((flow, changes) => {
    const positionOnly =
      !changes.nodes.size &&
      !changes.added.size &&
      !changes.removed.size &&
      !changes.edges &&
      !changes.meta;
    if (!positionOnly) analyzer.setDoc(flow);
  });
  const maps = modelMaps(ydoc);
  const undo = new Y.UndoManager([maps.nodes, maps.edges, maps.meta], {
    trackedOrigins: new Set([LOCAL_ORIGIN]),
  });
  return { ydoc, mirror, analyzer, undo };
}

function apply(ydoc: Y.Doc, undo: Y.UndoManager, s: TStep, fresh: () => string): void {
  const flow = docToModelFlow(ydoc);
  const node = (k: number): string | undefined => flow.nodes[k % (flow.nodes.length || 1)]?.id;
  switch (s.kind) {
    case "add": {
      const layer = PALETTE[s.layer]!;
      const id = fresh();
      const from = s.from === undefined ? undefined : node(s.from);
      const to = s.to === undefined ? undefined : node(s.to);
      const edges = [
        ...(from === undefined ? [] : [{ source: from, target: id }]),
        ...(to === undefined ? [] : [{ source: id, target: to }]),
      ];
      const added: TFlowNode = { id, type: layer.type, params: { ...layer.params } };
      addNodes(ydoc, [added], edges);
      return;
    }
    case "remove": {
      const id = node(s.node);
      if (id !== undefined) removeNodes(ydoc, [id], { heal: s.heal });
      return;
    }
    case "connect": {
      const [source, target] = [node(s.from), node(s.to)];
      if (source === undefined || target === undefined) return;
      connect(ydoc, s.port === undefined ? { source, target } : { source, target, port: s.port });
      return;
    }
    case "disconnect": {
      const edge = flow.edges[s.edge % (flow.edges.length || 1)];
      if (edge !== undefined) disconnect(ydoc, [edge]);
      return;
    }
    case "param": {
      const id = node(s.node);
      const [name, value] = PARAMS[s.param]!;
      if (id !== undefined) setParam(ydoc, id, name, value);
      return;
    }
    case "remote": {
      // A collaborator's edit: rendered and analysed, never undone by the local user.
      const id = node(s.node);
      const [name, value] = PARAMS[s.param]!;
      if (id !== undefined) setParam(ydoc, id, name, value, "remote-peer");
      return;
    }
    case "type": {
      // The inspector's type switch: the node keeps its id, params and edges.
      const y = modelMaps(ydoc).nodes.get(node(s.node) ?? "");
      if (y !== undefined) ydoc.transact(() => y.set("type", TYPES[s.type]!), LOCAL_ORIGIN);
      return;
    }
    case "group": {
      const ids = Array.from({ length: s.size }, (_, i) => node(s.node + i)!);
      if (ids.every((id) => id !== undefined)) groupIntoBlock(ydoc, [...new Set(ids)], "Group");
      return;
    }
    case "expand": {
      const block = flow.nodes.filter((n) => n.type === "Block");
      const target = block[s.node % (block.length || 1)];
      if (target !== undefined) expandBlock(ydoc, target.id);
      return;
    }
    case "move": {
      const id = node(s.node);
      if (id !== undefined) moveNodes(ydoc, new Map([[id, { x: s.node, y: 1 }]]), LAYOUT_ORIGIN);
      return;
    }
    case "undo":
      undo.undo();
      return;
    case "redo":
      undo.redo();
      return;
  }
}

/** Comparable form: entries in document order, so a Map and any other view compare alike. */
function plain(a: TAnalysis) {
  return { ...a, nodes: [...a.nodes.entries()] };
}

describe("incremental analysis through Y.Doc, mirror and undo", () => {
  it("equals a full analysis of the reloaded document after every step", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(step, fc.boolean()), { minLength: 1, maxLength: 25 }),
        (steps) => {
          const { ydoc, mirror, analyzer, undo } = openEditor();
          let counter = 0;
          const fresh = () => `x${counter++}`;
          for (const [s, separate] of steps) {
            apply(ydoc, undo, s, fresh);
            // Sometimes merge with the previous edit into one undo step, as quick edits do.
            if (separate) undo.stopCapturing();
            expect(plain(analyzer.analysis)).toEqual(plain(analyze(docToModelFlow(ydoc))));
          }
          mirror.destroy();
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
