import "server-only";
import type { PrismaClient } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireActor, requireTeamRole } from "@/lib/server-only/authz";
import { NotFoundError } from "@/lib/server-only/errors";
import type { TDatasetDto } from "../schemas";
import { BUILTIN_DATASETS, findBuiltin } from "./builtin-datasets";
import { builtinDto, datasetDto } from "./dataset-dto";

/**
 * The datasets a team can train on: the built-ins (listed with their known counts even before a
 * worker generated them) and the team's uploads, newest first. Members of the team only.
 */
export async function findDatasets(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
): Promise<TDatasetDto[]> {
  await requireTeamRole(db, actor, teamId, "viewer");
  const [builtinRows, uploads] = await Promise.all([
    db.dataset.findMany({ where: { source: "builtin", teamId: null } }),
    db.dataset.findMany({ where: { teamId, source: "upload" }, orderBy: { createdAt: "desc" } }),
  ]);
  const builtins = BUILTIN_DATASETS.map((b) => {
    const row = builtinRows.find((r) => r.builtinKey === b.id);
    return row ? datasetDto(row, b) : builtinDto(b);
  });
  return [...builtins, ...uploads.map((row) => datasetDto(row))];
}

/**
 * One dataset by its API id (a built-in's key or an upload's id), if `actor` may see it: built-ins
 * are visible to every signed-in user, an upload to its team's members (404 otherwise).
 */
export async function findDataset(
  db: PrismaClient,
  actor: TActor | null,
  datasetId: string,
): Promise<{ dto: TDatasetDto; storageKey: string | null; teamId: string | null }> {
  const builtin = findBuiltin(datasetId);
  if (builtin) {
    requireActor(actor);
    const row = await db.dataset.findUnique({ where: { builtinKey: builtin.id } });
    return row
      ? { dto: datasetDto(row, builtin), storageKey: row.storageKey, teamId: null }
      : { dto: builtinDto(builtin), storageKey: null, teamId: null };
  }
  const row = await db.dataset.findFirst({ where: { id: datasetId, source: "upload" } });
  if (!row || !row.teamId) throw new NotFoundError("Dataset not found.");
  try {
    await requireTeamRole(db, actor, row.teamId, "viewer");
  } catch (error) {
    // Someone outside the team must not learn that the id exists.
    if (error instanceof Error && "status" in error && error.status === 403)
      throw new NotFoundError("Dataset not found.");
    throw error;
  }
  return { dto: datasetDto(row), storageKey: row.storageKey, teamId: row.teamId };
}
