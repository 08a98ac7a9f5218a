import { analyze, type TDiagnostic, type TModelFlow } from "@layerwise/graph-core";

/** What the dashboard and the version list show about a model, computed by graph-core. */
export interface TModelSummary {
  nodeCount: number;
  totalParams: number;
  errorCount: number;
  warningCount: number;
  /** Node diagnostics first (document order), then graph-level ones. */
  diagnostics: TDiagnostic[];
}

/** Runs graph-core's analysis on the server; never trusts counts sent by a browser. */
export function summarizeModel(model: TModelFlow): TModelSummary {
  const analysis = analyze(model);
  const diagnostics: TDiagnostic[] = [];
  for (const node of model.nodes)
    diagnostics.push(...(analysis.nodes.get(node.id)?.diagnostics ?? []));
  diagnostics.push(...analysis.diagnostics);
  return {
    nodeCount: model.nodes.length,
    totalParams: analysis.totalParams,
    errorCount: analysis.errorCount,
    warningCount: analysis.warningCount,
    diagnostics,
  };
}
