import "server-only";
import type { PrismaClient } from "@layerwise/db";
import { z } from "zod";
import { RUN_INCLUDE, runDto, type TRunDto } from "@/features/training/server/run-dto";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { parseInput } from "@/lib/server-only/errors";

export const ZLeaderboardQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

/** One step of the best-so-far curve: a succeeded run that beat every run finished before it. */
export interface TBestPoint {
  runId: string;
  number: number;
  finishedAt: string;
  value: number;
}

export interface TLeaderboard {
  /** Succeeded runs, best validation metric first (ties: the later run first). */
  leaderboard: TRunDto[];
  /** The running maximum of the best metric over succeeded runs by finishedAt: its records. */
  bestOverTime: TBestPoint[];
  /** How many succeeded runs the curve covers, and when the last of them finished. */
  finishedRuns: number;
  lastFinishedAt: string | null;
}

/**
 * A project's leaderboard (members): its succeeded runs by best validation metric — IoU for
 * segmentation, accuracy for classification (`Run.bestMetric`, which the worker sets to the
 * task's headline metric) — and the best value over time. Only succeeded runs count in both,
 * so the curve ends at the leaderboard's first row. The leaderboard is one backward scan of the
 * `projectId, status, bestMetric, id` index; the curve one window pass over the succeeded runs
 * that returns only the records (a few dozen points, however many runs there are).
 */
export async function findLeaderboard(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  query: Record<string, string> = {},
): Promise<TLeaderboard> {
  await requireProjectRole(db, actor, projectId, "viewer");
  const q = parseInput(ZLeaderboardQuery, query);
  const [rows, records, totals] = await Promise.all([
    db.run.findMany({
      where: { projectId, status: "succeeded", bestMetric: { not: null } },
      orderBy: [{ bestMetric: "desc" }, { id: "desc" }],
      take: q.limit,
      include: RUN_INCLUDE,
    }),
    db.$queryRawUnsafe<{ id: string; number: number; finishedAt: Date; value: number }[]>(
      `SELECT id, number, "finishedAt", "bestMetric" AS value FROM (
         SELECT id, number, "finishedAt", "bestMetric",
           max("bestMetric") OVER (ORDER BY "finishedAt", id
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
         FROM "Run"
         WHERE "projectId" = $1 AND status = 'succeeded'
           AND "bestMetric" IS NOT NULL AND "finishedAt" IS NOT NULL
       ) s
       WHERE before IS NULL OR "bestMetric" > before
       ORDER BY "finishedAt", id`,
      projectId,
    ),
    db.run.aggregate({
      where: {
        projectId,
        status: "succeeded",
        bestMetric: { not: null },
        finishedAt: { not: null },
      },
      _count: { _all: true },
      _max: { finishedAt: true },
    }),
  ]);
  return {
    leaderboard: rows.map((r) => runDto(r)),
    bestOverTime: records.map((r) => ({
      runId: r.id,
      number: r.number,
      finishedAt: r.finishedAt.toISOString(),
      value: r.value,
    })),
    finishedRuns: totals._count._all,
    lastFinishedAt: totals._max.finishedAt?.toISOString() ?? null,
  };
}
