import "server-only";
import type { PrismaClient } from "@layerwise/db";
import { RUN_STATUSES } from "@layerwise/protocol";
import { z } from "zod";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { parseInput } from "@/lib/server-only/errors";
import { RUN_INCLUDE, runDto } from "./run-dto";

export const ZFindRunsQuery = z.object({
  status: z.enum(RUN_STATUSES).optional(),
  author: z.string().min(1).max(100).optional(),
  dataset: z.string().min(1).max(100).optional(),
  version: z.string().min(1).max(100).optional(),
  sort: z.enum(["created", "best", "duration"]).default("created"),
  order: z.enum(["asc", "desc"]).default("desc"),
  cursor: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const SORT_FIELD = { created: "createdAt", best: "bestMetric", duration: "durationMs" } as const;

/**
 * A project's runs, filtered and sorted, one page at a time (members). Each filter and sort has
 * an index that starts with projectId (schema.prisma); the cursor is the last run's id and Prisma
 * continues after it in the same order, with id as the tie-breaker.
 */
export async function findRuns(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  query: Record<string, string>,
) {
  await requireProjectRole(db, actor, projectId, "viewer");
  const q = parseInput(ZFindRunsQuery, query);
  const datasetRow = q.dataset
    ? await db.dataset.findFirst({
        where: { OR: [{ id: q.dataset }, { builtinKey: q.dataset }] },
        select: { id: true },
      })
    : null;
  const field = SORT_FIELD[q.sort];
  const rows = await db.run.findMany({
    where: {
      projectId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.author ? { authorId: q.author } : {}),
      ...(q.dataset ? { datasetId: datasetRow?.id ?? "none" } : {}),
      ...(q.version ? { versionId: q.version } : {}),
    },
    orderBy: [
      field === "createdAt"
        ? { createdAt: q.order }
        : { [field]: { sort: q.order, nulls: "last" } },
      { id: q.order },
    ],
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    take: q.limit + 1,
    include: RUN_INCLUDE,
  });
  const page = rows.slice(0, q.limit);
  return {
    runs: page.map((r) => runDto(r)),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
