import {
  loadTemplate,
  analyze,
  applyLayout,
  layoutModel,
  type TModelFlow,
  type TTemplateId,
} from "@layerwise/graph-core";
import { suggestedAlignment } from "@layerwise/model-doc";
import { blankModel, modelFromYdocState } from "./model-state";

/**
 * The model stored for a project. A project without saved state has an empty model; stored
 * state that no longer reads as a model (it was validated on save, so only a bug or manual
 * edit gets here) also yields an empty model plus `corrupt: true` instead of breaking pages.
 */
export function loadProjectModel(project: { name: string; ydocState: Uint8Array | null }): {
  model: TModelFlow;
  corrupt: boolean;
} {
  if (!project.ydocState || project.ydocState.length === 0)
    return { model: blankModel(project.name), corrupt: false };
  const read = modelFromYdocState(project.ydocState);
  return read.ok
    ? { model: read.model, corrupt: false }
    : { model: blankModel(project.name), corrupt: true };
}

/** A template with positions from graph-core's layout, so the editor opens it laid out. */
export function laidOutTemplate(id: TTemplateId, name: string): TModelFlow {
  const template = loadTemplate(id);
  const analysis = analyze(template);
  const mode = suggestedAlignment(template);
  return { ...applyLayout(template, layoutModel(template, analysis, { mode })), name };
}
