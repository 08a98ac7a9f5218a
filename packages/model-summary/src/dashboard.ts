import type { TModelFlow } from "@layerwise/graph-core";
import { computeModelGeometry, type TModelGeometry } from "./geometry";
import { summarizeModel, type TModelSummary } from "./summarize";

/** A dashboard card's model part, as the collab server stores it in Project.summary. */
export interface TDashboardSummary {
  summary: Omit<TModelSummary, "diagnostics">;
  thumbnail: TModelGeometry;
}

/** The counts and the thumbnail of a model, exactly as the dashboard computes them. */
export function summarizeForDashboard(model: TModelFlow): TDashboardSummary {
  const { diagnostics: _diagnostics, ...summary } = summarizeModel(model);
  return { summary, thumbnail: computeModelGeometry(model) };
}
