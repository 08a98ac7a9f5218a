/**
 * The engine pieces the codegen tests need, in one place: parse + analyse a document and
 * generate its code with the real catalogue.
 */
import { analyze } from "../../src/analysis/analyze";
import type { TAnalysis } from "../../src/analysis/types";
import { generatePyTorch } from "../../src/codegen/generate-pytorch";
import { parseModelFlow } from "../../src/graph/parse-model-flow";
import type { TModelFlow } from "../../src/graph/types";
import { getLayerDef } from "../../src/layers/registry";

/** Parses JSON into a document; throws with the parser's errors (test input bug). */
export function parseDoc(json: unknown): TModelFlow {
  const r = parseModelFlow(json);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.doc;
}

export interface TCompiled {
  doc: TModelFlow;
  analysis: TAnalysis;
  code: string;
  /** Output shapes graph-core predicts: one per Output node in document order, else per sink. */
  outputShapes: number[][];
}

/** Analyses and generates code for a document that must be valid. */
export function compile(doc: TModelFlow): TCompiled {
  const analysis = analyze(doc);
  const code = generatePyTorch(doc, analysis, { lookup: getLayerDef });
  const shapeOf = (id: string) => [...(analysis.nodes.get(id)?.shape ?? [])];
  let outputShapes = doc.nodes.filter((n) => n.type === "Output").map((n) => shapeOf(n.id));
  if (outputShapes.length === 0) {
    // Without an Output node the module returns its sinks, in topological order.
    const sources = new Set(doc.edges.map((e) => e.source));
    const inputs = new Set(doc.nodes.filter((n) => n.type === "Input").map((n) => n.id));
    outputShapes = analysis.order.filter((id) => !sources.has(id) && !inputs.has(id)).map(shapeOf);
  }
  return { doc, analysis, code, outputShapes };
}

export { analyze, getLayerDef };
