import type { PrismaClient, ProjectVersion } from "@layerwise/db";
import { parseModelFlow } from "@layerwise/graph-core";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { ConflictError, NotFoundError } from "@/lib/server-only/errors";
import { replaceModelInState } from "@/features/projects/server/model-state";
import { insertVersion, withVersionRetry } from "./create-version";

/**
 * Restores a version (editors and owners): the project's model becomes that version's model and
 * a new version records the restore. Nothing is overwritten — every earlier version stays.
 */
export async function restoreVersion(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  versionId: string,
): Promise<ProjectVersion> {
  const { actor: user, project } = await requireProjectRole(db, actor, projectId, "editor");
  if (project.archivedAt)
    throw new ConflictError("This project is archived: unarchive it to restore a version.");
  const source = await db.projectVersion.findFirst({ where: { id: versionId, projectId } });
  if (!source) throw new NotFoundError("Version not found in this project.");
  const parsed = parseModelFlow(source.model);
  if (!parsed.ok) throw new Error(`version ${source.id} holds an invalid model`);
  const model = parsed.doc;
  return withVersionRetry(() =>
    db.$transaction(async (tx) => {
      // Read inside the transaction so a save that landed meanwhile is part of the history.
      const current = await tx.project.findUniqueOrThrow({
        where: { id: projectId },
        select: { ydocState: true },
      });
      await tx.project.update({
        where: { id: projectId },
        data: {
          ydocState: replaceModelInState(current.ydocState, model),
          modelSavedAt: new Date(),
        },
      });
      return insertVersion(tx, {
        projectId,
        authorId: user.id,
        message: `Restored version ${source.number}: ${source.message}`.slice(0, 200),
        kind: "restore",
        model,
        restoredFromId: source.id,
      });
    }),
  );
}
