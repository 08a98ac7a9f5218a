import "server-only";
import type { PrismaClient } from "@layerwise/db";
import {
  diffModels,
  parseModelFlow,
  type TModelDiff,
  type TModelFlow,
} from "@layerwise/graph-core";
import type { TActor } from "@/lib/server-only/actor";
import { requireActor, requireProjectRole } from "@/lib/server-only/authz";
import { NotFoundError, ValidationError } from "@/lib/server-only/errors";
import {
  RUN_INCLUDE,
  epochDto,
  runDto,
  type TRunDto,
  type TRunEpochDto,
} from "@/features/training/server/run-dto";

/** How many runs one comparison holds. */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 5;

/** A compared run: the run, every epoch, and a summary of the model version it trained. */
export type TComparedRun = TRunDto & {
  epochs: TRunEpochDto[];
  version: { id: string; number: number; message: string; totalParams: number };
};

/** The answer of `GET /api/runs/compare`. */
export interface TRunComparison {
  projectId: string;
  /** The run every other run's model is diffed against (the first id unless `baseline` names one). */
  baselineId: string;
  /** In the order of `ids`. */
  runs: TComparedRun[];
  /** One per run other than the baseline, in the order of `runs`: graph-core's diff baseline → run. */
  diffs: { runId: string; diff: TModelDiff }[];
}

/** Splits and checks `ids=a,b,…`: 2–5 distinct ids, else a 400 that says what is wrong. */
export function parseCompareIds(raw: string | null): string[] {
  const ids = (raw ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length < COMPARE_MIN || ids.length > COMPARE_MAX)
    throw new ValidationError(
      `Compare ${COMPARE_MIN} to ${COMPARE_MAX} runs: pass ids=a,b,… (got ${ids.length}).`,
    );
  if (new Set(ids).size !== ids.length)
    throw new ValidationError("Each run can appear only once in ids.");
  if (ids.some((id) => id.length > 64 || !/^[A-Za-z0-9_-]+$/.test(id)))
    throw new ValidationError("A run id in ids is malformed.");
  return ids;
}

/**
 * Loads 2–5 runs of one project with their epochs and the models they trained, checks the actor
 * may view each (404 for an unknown id, 403 for a project the actor is not a member of, 400 for
 * runs of different projects), and diffs the baseline's model against every other run's.
 * `models` (by run id) is for server pages that draw the diff; the API leaves it out.
 */
export async function compareRuns(
  db: PrismaClient,
  actor: TActor | null,
  ids: string[],
  baselineId?: string | null,
): Promise<TRunComparison & { models: Map<string, TModelFlow> }> {
  requireActor(actor);
  const rows = await db.run.findMany({
    where: { id: { in: ids } },
    include: {
      ...RUN_INCLUDE,
      version: { select: { number: true, message: true, model: true, totalParams: true } },
      epochs: { orderBy: { epoch: "asc" } },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new NotFoundError(`Run not found: ${missing.join(", ")}.`);
  const projectIds = [...new Set(rows.map((r) => r.projectId))];
  // Authorize before saying anything more about the runs (such as where they live).
  for (const projectId of projectIds) await requireProjectRole(db, actor, projectId, "viewer");
  if (projectIds.length > 1)
    throw new ValidationError("Compare runs of one project: these belong to different projects.");
  const baseline = baselineId ?? ids[0]!;
  if (!byId.has(baseline))
    throw new ValidationError("The baseline must be one of the compared runs.");

  const models = new Map<string, TModelFlow>();
  const runs: TComparedRun[] = ids.map((id) => {
    const row = byId.get(id)!;
    const parsed = parseModelFlow(row.version.model);
    if (!parsed.ok) throw new Error(`version ${row.versionId} holds an invalid model`);
    models.set(id, parsed.doc);
    return {
      ...runDto(row),
      epochs: row.epochs.map(epochDto),
      version: {
        id: row.versionId,
        number: row.version.number,
        message: row.version.message,
        totalParams: Number(row.version.totalParams),
      },
    };
  });
  const base = models.get(baseline)!;
  const diffs = ids
    .filter((id) => id !== baseline)
    .map((id) => ({ runId: id, diff: diffModels(base, models.get(id)!) }));
  return { projectId: projectIds[0]!, baselineId: baseline, runs, diffs, models };
}
