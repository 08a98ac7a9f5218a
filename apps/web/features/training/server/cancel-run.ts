import "server-only";
import { appendRunEvent, type PrismaClient } from "@layerwise/db";
import { CANCEL_CHANNEL, runChannel } from "@layerwise/protocol";
import type { TActor } from "@/lib/server-only/actor";
import { ConflictError } from "@/lib/server-only/errors";
import { requireRunRole } from "./get-run";
import { RUN_INCLUDE, runDto } from "./run-dto";

/**
 * Cancels a run (editors and owners). A queued run is cancelled here and now (a worker that
 * later receives its job finds it not queued and skips it); a running run gets its cancel flag
 * and its id on `training:cancel`, on which its worker reads the flag at once (without the
 * message, at its next heartbeat, every 2 s), SIGTERMs the runner and SIGKILLs it 2.5 s later:
 * cancelled within 5 s either way.
 */
export async function cancelRun(
  db: PrismaClient,
  actor: TActor | null,
  runId: string,
  publish: (channel: string, message: string) => Promise<unknown> = async () => undefined,
) {
  const run = await requireRunRole(db, actor, runId, "editor");
  if (run.status === "succeeded" || run.status === "failed" || run.status === "cancelled")
    throw new ConflictError(
      `The run already ${run.status === "cancelled" ? "was cancelled" : run.status}.`,
    );
  const now = new Date();
  const queued = await db.run.updateMany({
    where: { id: runId, status: "queued" },
    data: { status: "cancelled", cancelRequestedAt: now, finishedAt: now },
  });
  if (queued.count === 1) {
    const event = { type: "status", status: "cancelled", time: now.toISOString() };
    const seq = await appendRunEvent(db, runId, event);
    await publish(runChannel(runId), JSON.stringify({ seq, event })).catch(() => undefined);
  } else {
    const flagged = await db.run.updateMany({
      where: { id: runId, status: "running", cancelRequestedAt: null },
      data: { cancelRequestedAt: now },
    });
    if (flagged.count === 1) await publish(CANCEL_CHANNEL, runId).catch(() => undefined);
  }
  const fresh = await db.run.findUniqueOrThrow({ where: { id: runId }, include: RUN_INCLUDE });
  return { run: runDto(fresh) };
}
