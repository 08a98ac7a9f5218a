import "server-only";
import type { PrismaClient, RunStatus } from "@layerwise/db";

/** What a dashboard card shows about a project's runs. */
export interface TProjectRunStats {
  /** The best validation metric of its succeeded runs (IoU, or accuracy for classification). */
  best: number | null;
  /** "IoU" or "accuracy": which metric `best` is. */
  bestKind: "IoU" | "accuracy" | null;
  latest: { id: string; number: number; status: RunStatus } | null;
}

/**
 * Run figures for many projects in one query (a dashboard page, not one query per card): per
 * project two index probes — the best succeeded run (`projectId, status, bestMetric, id`,
 * backwards) and the newest run (`projectId, createdAt, id`, backwards). Call it only with
 * projects the caller already authorized.
 */
export async function findProjectRunStats(
  db: PrismaClient,
  projectIds: string[],
): Promise<Map<string, TProjectRunStats>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<
    {
      projectId: string;
      best: number | null;
      bestIsIou: boolean | null;
      latestId: string | null;
      latestNumber: number | null;
      latestStatus: RunStatus | null;
    }[]
  >(
    `SELECT p.id AS "projectId", b."bestMetric" AS best, b.is_iou AS "bestIsIou",
       l.id AS "latestId", l.number AS "latestNumber", l.status::text AS "latestStatus"
     FROM unnest($1::text[]) AS p(id)
     LEFT JOIN LATERAL (
       SELECT "bestMetric", (best->>'val_iou') IS NOT NULL AS is_iou FROM "Run"
       WHERE "projectId" = p.id AND status = 'succeeded' AND "bestMetric" IS NOT NULL
       ORDER BY "bestMetric" DESC, id DESC LIMIT 1
     ) b ON true
     LEFT JOIN LATERAL (
       SELECT id, number, status FROM "Run" WHERE "projectId" = p.id
       ORDER BY "createdAt" DESC, id DESC LIMIT 1
     ) l ON true`,
    projectIds,
  );
  return new Map(
    rows.map((r) => [
      r.projectId,
      {
        best: r.best,
        bestKind: r.best === null ? null : r.bestIsIou ? "IoU" : "accuracy",
        latest:
          r.latestId && r.latestNumber !== null && r.latestStatus
            ? { id: r.latestId, number: r.latestNumber, status: r.latestStatus }
            : null,
      },
    ]),
  );
}
