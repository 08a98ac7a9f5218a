import type { TModelFlow } from "../graph/types";
import { analyze } from "./analyze";
import type { TAnalysis, TDiagnostic } from "./types";

/** Moving one layer to just after another: the one-click fix of a layer-order warning. */
export interface TReorder {
  /** The misplaced layer (the activation before its norm). */
  move: string;
  /** The layer it goes after (the norm). */
  after: string;
  /** `Move ReLU "relu_1" after BatchNorm2d "bn_1"` */
  message: string;
}

/**
 * The edit `reorder` makes, as a pure document change: in a chain `P → move → after → S…` the
 * two swap places (`P → after → move → S…`, each S keeping its input port). Null when the chain
 * is not that simple: `move` must have one input and feed only `after`, which has no other input.
 */
export function reorderedDoc(doc: TModelFlow, move: string, after: string): TModelFlow | null {
  const into = doc.edges.filter((e) => e.target === move);
  const out = doc.edges.filter((e) => e.source === move);
  const afterIn = doc.edges.filter((e) => e.target === after);
  if (into.length !== 1 || out.length !== 1 || out[0]!.target !== after || afterIn.length !== 1)
    return null;
  const pred = into[0]!.source;
  const edges = doc.edges.flatMap((e) => {
    if (e === into[0]) return [{ source: pred, target: after }];
    if (e === out[0]) return [{ source: after, target: move }];
    if (e.source === after) return [{ ...e, source: move }];
    return [e];
  });
  return { ...doc, edges };
}

/**
 * The fix for a `layer-order` warning (a norm right after an activation): move the activation
 * after the norm, offered only when graph-core's re-analysis of the moved model confirms it —
 * the warning is gone and there are no more errors than before.
 */
export function suggestReorder(
  doc: TModelFlow,
  analysis: TAnalysis,
  diagnostic: TDiagnostic,
): TReorder | null {
  const norm = diagnostic.node;
  if (diagnostic.code !== "layer-order" || !norm) return null;
  const act = doc.edges.find((e) => e.target === norm)?.source;
  if (!act) return null;
  const trial = reorderedDoc(doc, act, norm);
  if (!trial) return null;
  const result = analyze(trial);
  if (result.errorCount > analysis.errorCount) return null;
  if (result.nodes.get(norm)?.diagnostics.some((d) => d.code === "layer-order")) return null;
  const type = (id: string) => doc.nodes.find((n) => n.id === id)?.type ?? id;
  return {
    move: act,
    after: norm,
    message: `Move ${type(act)} "${act}" after ${type(norm)} "${norm}"`,
  };
}
