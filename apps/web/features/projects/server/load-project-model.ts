import {
  loadTemplate,
  analyze,
  applyLayout,
  layoutModel,
  type TModelFlow,
  type TTemplateId,
} from "@layerwise/graph-core";
import { encodeStoredState, loadStoredState, type TSql } from "@layerwise/collab-store";
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

/**
 * The model as it is right now: `Project.ydocState` lags the live log by the compaction delay (a
 * few seconds while people edit), so whatever snapshots the model (a version, a training run)
 * reads the snapshot plus the log rows after it, in one statement. Same results as
 * {@link loadProjectModel} otherwise.
 */
export async function loadCurrentProjectModel(
  sql: TSql,
  project: { id: string; name: string },
): Promise<{ model: TModelFlow; corrupt: boolean }> {
  const stored = await loadStoredState(sql, project.id);
  let state: Uint8Array | null;
  try {
    state = stored ? encodeStoredState(stored) : null;
  } catch {
    return { model: blankModel(project.name), corrupt: true };
  }
  return loadProjectModel({ name: project.name, ydocState: state });
}

/** A template with positions from graph-core's layout, so the editor opens it laid out. */
export function laidOutTemplate(id: TTemplateId, name: string): TModelFlow {
  const template = loadTemplate(id);
  const analysis = analyze(template);
  const mode = suggestedAlignment(template);
  return { ...applyLayout(template, layoutModel(template, analysis, { mode })), name };
}
