import "server-only";
import type { PrismaClient, Role, Run } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireActor, requireProjectRole } from "@/lib/server-only/authz";
import { NotFoundError } from "@/lib/server-only/errors";
import { queuePosition } from "./queue-position";
import { RUN_INCLUDE, epochDto, runDto } from "./run-dto";

/** Loads a run and checks `actor` holds at least `min` on its project (404 for an unknown id). */
export async function requireRunRole(
  db: PrismaClient,
  actor: TActor | null,
  runId: string,
  min: Role,
): Promise<Run> {
  requireActor(actor);
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) throw new NotFoundError("Run not found.");
  await requireProjectRole(db, actor, run.projectId, min);
  return run;
}

/** One run with every finished epoch's metrics (members of the project's team). */
export async function getRun(db: PrismaClient, actor: TActor | null, runId: string) {
  await requireRunRole(db, actor, runId, "viewer");
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    include: { ...RUN_INCLUDE, epochs: { orderBy: { epoch: "asc" } } },
  });
  return {
    run: {
      ...runDto(run, { queuePosition: await queuePosition(db, run) }),
      epochs: run.epochs.map(epochDto),
    },
  };
}
