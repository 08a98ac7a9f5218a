import type { PrismaClient } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { ConflictError, HttpError, ValidationError, parseInput } from "@/lib/server-only/errors";
import { ZSaveModelInput } from "../schemas";
import { MAX_YDOC_STATE_BYTES, mergeYdocStates, modelFromYdocState } from "./model-state";
import { invalidModelError } from "./create-project";
import { summarizeModel, type TModelSummary } from "./summarize-model";

/**
 * Stores the project's model (the editor's Y.Doc state, base64) for editors and owners, merged
 * into the stored state so concurrent editors do not overwrite each other. The result must
 * decode to a valid model-flow document — graph-core diagnostics (shape errors…) are
 * fine, a structurally broken document is not. Archived projects are read-only.
 */
export async function saveProjectModel(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  input: unknown,
  now = new Date(),
): Promise<{ savedAt: Date; summary: TModelSummary }> {
  const { project } = await requireProjectRole(db, actor, projectId, "editor");
  if (project.archivedAt)
    throw new ConflictError("This project is archived: unarchive it to edit the model.");
  const { state } = parseInput(ZSaveModelInput, input);
  const bytes = new Uint8Array(Buffer.from(state, "base64"));
  if (bytes.length > MAX_YDOC_STATE_BYTES)
    throw new HttpError(413, "The model is larger than 4 MiB.");
  if (bytes.length === 0) throw new ValidationError("The model state is empty.");
  const merged = mergeYdocStates(project.ydocState, bytes);
  if (!merged) throw new ValidationError("The model data is not a valid Y.Doc update.");
  const read = modelFromYdocState(merged);
  if (!read.ok) throw invalidModelError(read.errors);
  await db.project.update({
    where: { id: projectId },
    data: { ydocState: merged, modelSavedAt: now },
  });
  return { savedAt: now, summary: summarizeModel(read.model) };
}
