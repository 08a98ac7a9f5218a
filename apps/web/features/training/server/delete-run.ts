import "server-only";
import type { PrismaClient } from "@layerwise/db";
import type { TStorage } from "@layerwise/storage";
import type { TActor } from "@/lib/server-only/actor";
import { ConflictError } from "@/lib/server-only/errors";
import { requireRunRole } from "./get-run";

/**
 * Deletes a finished run (editors and owners): its epochs and events (cascade) and every file it
 * stored under `runs/<id>/`. A queued or running run is refused with 409 — cancel it first, so a
 * worker never writes into a run that no longer exists. The version it trained stays (it is part
 * of the project's history).
 */
export async function deleteRun(
  db: PrismaClient,
  actor: TActor | null,
  runId: string,
  storage: TStorage,
): Promise<{ deleted: { id: string; number: number; files: number } }> {
  const run = await requireRunRole(db, actor, runId, "editor");
  const finished = ["succeeded", "failed", "cancelled"];
  if (!finished.includes(run.status))
    throw new ConflictError(
      `Run #${run.number} is ${run.status}: cancel it first, then delete it once it has stopped.`,
    );
  // Only a run that is still finished goes (a concurrent resume cannot be deleted under a worker).
  const gone = await db.run.deleteMany({
    where: { id: runId, status: { in: ["succeeded", "failed", "cancelled"] } },
  });
  if (gone.count === 0) throw new ConflictError(`Run #${run.number} changed meanwhile; reload it.`);
  const files = await storage.deletePrefix(`runs/${runId}`);
  return { deleted: { id: runId, number: run.number, files } };
}
