import {
  ProjectUnavailableError,
  writeModelChange,
  type TPublisher,
} from "@layerwise/collab-store";
import type { PrismaClient } from "@layerwise/db";
import * as Y from "yjs";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { ConflictError, HttpError, ValidationError, parseInput } from "@/lib/server-only/errors";
import { getRedis } from "@/lib/server-only/redis";
import { ZSaveModelInput } from "../schemas";
import { MAX_YDOC_STATE_BYTES, modelFromYdoc } from "./model-state";
import { invalidModelError } from "./create-project";
import { summarizeModel, type TModelSummary } from "./summarize-model";

const ARCHIVED = "This project is archived: unarchive it to edit the model.";

/**
 * Stores the project's model (the editor's Y.Doc state, base64) for editors and owners. It goes
 * through the project's write-ahead log like every live edit (`writeModelChange`): merged into
 * the stored document under the project's row lock, so concurrent saves run one at a time and
 * every answered save is kept, and published so open editors see it at once. The result must
 * decode to a valid model-flow document — graph-core diagnostics (shape errors…) are fine, a
 * structurally broken document is not. Archived projects are read-only.
 */
export async function saveProjectModel(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  input: unknown,
  now = new Date(),
  publisher: TPublisher | null = getRedis(),
): Promise<{ savedAt: Date; summary: TModelSummary }> {
  const { project } = await requireProjectRole(db, actor, projectId, "editor");
  if (project.archivedAt) throw new ConflictError(ARCHIVED);
  const { state } = parseInput(ZSaveModelInput, input);
  const bytes = new Uint8Array(Buffer.from(state, "base64"));
  if (bytes.length > MAX_YDOC_STATE_BYTES)
    throw new HttpError(413, "The model is larger than 4 MiB.");
  if (bytes.length === 0) throw new ValidationError("The model state is empty.");
  assertDecodes(bytes);
  try {
    const write = await writeModelChange(db, publisher, projectId, "http-save", (doc) => {
      Y.applyUpdate(doc, bytes, "http-save");
      const read = modelFromYdoc(doc);
      if (!read.ok) throw invalidModelError(read.errors);
      return read.model;
    });
    return {
      savedAt: write.savedAt ?? project.modelSavedAt ?? now,
      summary: summarizeModel(write.result),
    };
  } catch (error) {
    if (error instanceof ProjectUnavailableError) throw new ConflictError(ARCHIVED);
    throw error;
  }
}

/** Malformed bytes are a 400 before anything is locked or written. */
function assertDecodes(bytes: Uint8Array): void {
  try {
    Y.applyUpdate(new Y.Doc(), bytes);
  } catch {
    throw new ValidationError("The model data is not a valid Y.Doc update.");
  }
}
