/**
 * Compares graph-core's analysis of generated model-flow documents with torch's verdicts
 * (written by gen_cases.py). Kept apart from the vitest file so the comparison itself can be
 * tested against deliberately wrong expectations.
 */
import type { TAnalysis, TDiagnostic } from "../../src/analysis/types";
import type { TModelFlow } from "../../src/graph/types";

/** torch's verdict for one node. */
export type TTorchVerdict =
  /** `macs` only where torch's flop counter states them exactly (Linear, convs, attention). */
  | { status: "ok"; shape: number[]; params: number; macs?: number }
  | { status: "error"; error: string }
  | { status: "skipped" };

export interface TDifferentialCase {
  id: string;
  kind: "single" | "chain" | "merge" | "pattern" | "regression" | "module_db";
  batch: number;
  model: TModelFlow;
  expect: Record<string, TTorchVerdict>;
}

export interface TDifferentialFile {
  torch: string;
  seed: number;
  cases: TDifferentialCase[];
  covered: string[];
  uncovered: string[];
  refused: number;
  seconds: number;
}

/** One node where graph-core and torch disagree. */
export interface TDisagreement {
  caseId: string;
  node: string;
  type: string;
  params: unknown;
  inputs: (number[] | null)[];
  torch: string;
  graphCore: string;
  /** True when an upstream node already disagrees: a consequence, not a root cause. */
  cascade: boolean;
}

function errorsOn(analysis: TAnalysis, node: string): TDiagnostic[] {
  const own = analysis.nodes.get(node)?.diagnostics ?? [];
  const graphLevel = analysis.diagnostics.filter((d) => d.node === node);
  return [...own, ...graphLevel].filter((d) => d.severity === "error");
}

function describeTorch(v: TTorchVerdict): string {
  if (v.status === "ok") {
    const macs = v.macs === undefined ? "" : `, ${v.macs} MACs`;
    return `shape [${v.shape.join(", ")}], ${v.params} params${macs}`;
  }
  if (v.status === "error") return `raises ${v.error}`;
  return "skipped (downstream of an error)";
}

function describeOurs(analysis: TAnalysis, node: string): string {
  const a = analysis.nodes.get(node);
  if (a === undefined) return "no analysis for this node";
  const errors = errorsOn(analysis, node).map((d) => `${d.code}: ${d.message}`);
  const shape = a.shape === null ? "shape null" : `shape [${a.shape.join(", ")}]`;
  const errorText = errors.length > 0 ? `, errors: ${errors.join(" | ")}` : "";
  return `${shape}, ${a.params} params, ${a.macs} MACs${errorText}`;
}

function sameShape(a: readonly number[] | null | undefined, b: readonly number[]): boolean {
  return a !== null && a !== undefined && a.length === b.length && a.every((d, i) => d === b[i]);
}

/** True when graph-core's view of `node` matches torch's verdict. */
function agrees(analysis: TAnalysis, node: string, verdict: TTorchVerdict): boolean {
  const a = analysis.nodes.get(node);
  if (a === undefined) return false;
  const errors = errorsOn(analysis, node);
  if (verdict.status === "ok") {
    const macsAgree = verdict.macs === undefined || a.macs === verdict.macs;
    return (
      errors.length === 0 &&
      sameShape(a.shape, verdict.shape) &&
      a.params === verdict.params &&
      macsAgree
    );
  }
  if (verdict.status === "error") return errors.length > 0 && a.shape === null;
  // Downstream of a refusal: the shape must be unknown, never made up.
  return a.shape === null;
}

/** Every node of `c` where `analysis` disagrees with torch. */
export function compareCase(c: TDifferentialCase, analysis: TAnalysis): TDisagreement[] {
  const out: TDisagreement[] = [];
  const disagreeing = new Set<string>();
  // Generated documents list nodes in topological order, so sources are judged first.
  for (const node of c.model.nodes) {
    const verdict = c.expect[node.id];
    if (verdict === undefined || agrees(analysis, node.id, verdict)) continue;
    disagreeing.add(node.id);
    const incoming = c.model.edges
      .filter((e) => e.target === node.id)
      .sort((a, b) => (a.port ?? 0) - (b.port ?? 0));
    const inputs = incoming.map((e) => {
      const v = c.expect[e.source];
      return v?.status === "ok" ? v.shape : null;
    });
    out.push({
      caseId: c.id,
      node: node.id,
      type: node.type,
      params: node.params,
      inputs,
      torch: describeTorch(verdict),
      graphCore: describeOurs(analysis, node.id),
      cascade: incoming.some((e) => disagreeing.has(e.source)),
    });
  }
  return out;
}

/** One readable line per disagreement, for failure messages and DISAGREEMENTS.md. */
export function formatDisagreement(d: TDisagreement): string {
  const inputs = d.inputs.map((s) => (s === null ? "?" : `[${s.join(", ")}]`)).join(" + ");
  return (
    `${d.caseId} node ${d.node}${d.cascade ? " (after an upstream disagreement)" : ""}: ${d.type} ${JSON.stringify(d.params)} on ${inputs}\n` +
    `    torch:      ${d.torch}\n    graph-core: ${d.graphCore}`
  );
}
