import {
  checkTrainingDataset,
  readTrainingSettings,
  type TAnalysis,
  type TDiagnostic,
  type TModelFlow,
  type TTrainingSettings,
} from "@layerwise/graph-core";
import type { TDatasetDto } from "@/features/datasets/schemas";

/** What the Train form knows before asking the server: settings and the problems it can see. */
export interface TTrainPreview {
  settings: TTrainingSettings | null;
  errors: TDiagnostic[];
  warnings: TDiagnostic[];
}

/**
 * The same checks the server runs before queueing, run in the browser so the form can say at
 * once what stops training: the model's own errors and warnings (the editor's analysis), its
 * Input/Output settings, and whether it fits the chosen dataset.
 */
export function previewTraining(
  model: TModelFlow,
  analysis: TAnalysis,
  dataset: TDatasetDto | null,
): TTrainPreview {
  const all: TDiagnostic[] = [...analysis.diagnostics];
  for (const node of analysis.nodes.values()) all.push(...node.diagnostics);
  const { settings, diagnostics } = readTrainingSettings(model);
  const errors = [...all.filter((d) => d.severity === "error"), ...diagnostics];
  if (settings && dataset) errors.push(...checkTrainingDataset(settings, dataset, analysis));
  return { settings, errors, warnings: all.filter((d) => d.severity === "warning") };
}

/** The dataset a model trains on when its Input binds none: the built-in for its task. */
export function defaultDatasetId(settings: TTrainingSettings | null): string {
  return settings?.task === "classification" ? "shapes" : "nuclei";
}
