import type { PrismaClient, Run } from "@layerwise/db";

/**
 * Where a queued run stands: 1 + the queued runs submitted before it, across all teams. The
 * dispatcher's fairness can move a run ahead of older runs of a busier team, so this is the
 * worst case, which is the honest number to show.
 */
export async function queuePosition(
  db: PrismaClient,
  run: Pick<Run, "id" | "status" | "queuedAt">,
): Promise<number | null> {
  if (run.status !== "queued") return null;
  const ahead = await db.run.count({
    where: { status: "queued", queuedAt: { lt: run.queuedAt }, cancelRequestedAt: null },
  });
  return ahead + 1;
}
