import {
  ProjectUnavailableError,
  writeModelChange,
  type TPublisher,
} from "@layerwise/collab-store";
import type { PrismaClient, ProjectVersion } from "@layerwise/db";
import { parseModelFlow } from "@layerwise/graph-core";
import { modelFlowToDoc } from "@layerwise/model-doc";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { ConflictError, NotFoundError } from "@/lib/server-only/errors";
import { getRedis } from "@/lib/server-only/redis";
import { insertVersion, withVersionRetry } from "./create-version";

const ARCHIVED = "This project is archived: unarchive it to restore a version.";

/**
 * Restores a version (editors and owners): the project's model becomes that version's model and
 * a new version records the restore. Nothing is overwritten — every earlier version stays. The
 * change goes through the project's write-ahead log, so open editors see the restore at once.
 */
export async function restoreVersion(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  versionId: string,
  publisher: TPublisher | null = getRedis(),
): Promise<ProjectVersion> {
  const { actor: user, project } = await requireProjectRole(db, actor, projectId, "editor");
  if (project.archivedAt) throw new ConflictError(ARCHIVED);
  const source = await db.projectVersion.findFirst({ where: { id: versionId, projectId } });
  if (!source) throw new NotFoundError("Version not found in this project.");
  const parsed = parseModelFlow(source.model);
  if (!parsed.ok) throw new Error(`version ${source.id} holds an invalid model`);
  const model = parsed.doc;
  try {
    return await withVersionRetry(async () => {
      // Under the project's lock: a save that landed meanwhile is part of the history.
      const write = await writeModelChange(db, publisher, projectId, "restore", (doc, tx) => {
        modelFlowToDoc(doc, model);
        return insertVersion(tx, {
          projectId,
          authorId: user.id,
          message: `Restored version ${source.number}: ${source.message}`.slice(0, 200),
          kind: "restore",
          model,
          restoredFromId: source.id,
        });
      });
      return write.result;
    });
  } catch (error) {
    if (error instanceof ProjectUnavailableError) throw new ConflictError(ARCHIVED);
    throw error;
  }
}
