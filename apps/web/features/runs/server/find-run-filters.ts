import "server-only";
import type { PrismaClient } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";

/** The choices of the runs table's filter menus: what the project's runs actually have. */
export interface TRunFilterOptions {
  authors: { id: string; name: string }[];
  datasets: { id: string; name: string }[];
  /** Newest first, at most 200 (a version filter beyond them is still accepted by id). */
  versions: { id: string; number: number; message: string }[];
}

/**
 * The authors, datasets and versions that appear among a project's runs (members). Three
 * `DISTINCT` passes over the project's rows in the `projectId, filter, …` indexes.
 */
export async function findRunFilterOptions(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
): Promise<TRunFilterOptions> {
  await requireProjectRole(db, actor, projectId, "viewer");
  const distinct = (column: string) =>
    db.$queryRawUnsafe<{ v: string }[]>(
      `SELECT DISTINCT ${column} AS v FROM "Run" WHERE "projectId" = $1 AND ${column} IS NOT NULL`,
      projectId,
    );
  const [authorIds, datasetIds, versionIds] = await Promise.all([
    distinct('"authorId"'),
    distinct('"datasetId"'),
    distinct('"versionId"'),
  ]);
  const [authors, datasets, versions] = await Promise.all([
    db.user.findMany({
      where: { id: { in: authorIds.map((r) => r.v) } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    db.dataset.findMany({
      where: { id: { in: datasetIds.map((r) => r.v) } },
      select: { id: true, name: true, builtinKey: true },
      orderBy: { name: "asc" },
    }),
    db.projectVersion.findMany({
      where: { id: { in: versionIds.map((r) => r.v) } },
      select: { id: true, number: true, message: true },
      orderBy: { number: "desc" },
      take: 200,
    }),
  ]);
  return {
    authors,
    datasets: datasets.map((d) => ({ id: d.builtinKey ?? d.id, name: d.name })),
    versions,
  };
}
