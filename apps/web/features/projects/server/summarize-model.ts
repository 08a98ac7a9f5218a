// Moved to @layerwise/model-summary so the collab server computes the same summary.
export { summarizeModel, type TModelSummary } from "@layerwise/model-summary";
