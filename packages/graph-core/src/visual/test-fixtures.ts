/**
 * Test helpers shared by the visual and layout tests: a hand-written analysis and a tiny fake
 * catalogue, so these modules can be tested without the shape engine. Not exported publicly.
 */
import type { TAnalysis, TNodeAnalysis } from "../analysis/types";
import type { TFlowEdge, TModelFlow, TShape } from "../graph/types";
import type { TLayerDef, TLayerFamily, TOrderRole } from "../layers/types";

const FAKE: Record<string, [TLayerFamily, TOrderRole]> = {
  Input: ["io", null],
  Output: ["io", null],
  Conv2d: ["convolution", "conv"],
  BatchNorm2d: ["normalization", "norm"],
  ReLU: ["activation", "activation"],
  MaxPool2d: ["pooling", null],
  Concat: ["merge", null],
  Add: ["merge", null],
  Linear: ["linear", null],
};

/** Fake catalogue lookup: only `family` and `orderRole` are meaningful. */
export const fakeLookup = (type: string): TLayerDef | undefined => {
  const f = FAKE[type];
  return f
    ? ({ type, family: f[0], orderRole: f[1], params: [] } as unknown as TLayerDef)
    : undefined;
};

/** One node of a fixture: its type and the output shape the fake analysis reports. */
export interface TFixtureNode {
  id: string;
  type: string;
  shape: TShape | null;
}

/** Builds a document and a matching analysis (order = document order, which must be topological). */
export function fixture(
  nodes: TFixtureNode[],
  edges: TFlowEdge[],
): { doc: TModelFlow; analysis: TAnalysis & { nodes: Map<string, TNodeAnalysis> } } {
  const map = new Map<string, TNodeAnalysis>();
  for (const n of nodes)
    map.set(n.id, { shape: n.shape, params: 0, macs: 0, activationBytes: 0, diagnostics: [] });
  return {
    doc: {
      format: "layerwise.model-flow",
      version: 1,
      name: "fixture",
      nodes: nodes.map((n) => ({ id: n.id, type: n.type, params: {} })),
      edges,
    },
    analysis: {
      nodes: map,
      diagnostics: [],
      order: nodes.map((n) => n.id),
      totalParams: 0,
      totalMacs: 0,
      errorCount: 0,
      warningCount: 0,
    },
  };
}
