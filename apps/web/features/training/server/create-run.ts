import "server-only";
import { appendRunEvent, type PrismaClient } from "@layerwise/db";
import {
  DISPATCH_CHANNEL,
  ZRunConfig,
  ZRunConfigInput,
  runSettingsFromModel,
  type TRunTask,
} from "@layerwise/protocol";
import { z } from "zod";
import { findBuiltin } from "@/features/datasets/server/builtin-datasets";
import { datasetFitDiagnostics } from "@/features/datasets/server/dataset-fit";
import { loadCurrentProjectModel } from "@/features/projects/server/load-project-model";
import { summarizeModel } from "@/features/projects/server/summarize-model";
import { insertVersion, withVersionRetry } from "@/features/versions/server/create-version";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { HttpError, NotFoundError, parseInput } from "@/lib/server-only/errors";
import { queuePosition } from "./queue-position";
import { runDto } from "./run-dto";

export const ZCreateRunInput = z
  .object({
    dataset: z.string().trim().min(1).max(100).optional(),
    config: ZRunConfigInput.optional(),
    acceptWarnings: z.boolean().optional(),
    message: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** A graph-core diagnostic, or one of the trainer's own (`not-trainable`), same shape. */
export interface TRunDiagnostic {
  code: string;
  severity: "error" | "warning" | "info";
  node?: string;
  message: string;
  hint?: string;
}

/** 422: the model cannot be trained as it is; `diagnostics` say why (graph-core's, or ours). */
export class ModelRefusedError extends HttpError {
  constructor(
    message: string,
    readonly diagnostics: TRunDiagnostic[],
  ) {
    super(422, message);
    this.name = "ModelRefusedError";
  }
}

const notTrainable = (message: string): TRunDiagnostic => ({
  code: "not-trainable",
  severity: "error",
  message,
});

/** graph-core's verdict on the server: errors refuse, warnings must be accepted. */
function gate(model: Parameters<typeof summarizeModel>[0], acceptWarnings: boolean): void {
  const { diagnostics } = summarizeModel(model);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    throw new ModelRefusedError(
      `The model has ${errors.length} error${errors.length === 1 ? "" : "s"}; fix ${errors.length === 1 ? "it" : "them"} before training.`,
      errors,
    );
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  if (warnings.length > 0 && !acceptWarnings)
    throw new ModelRefusedError(
      `The model has ${warnings.length} warning${warnings.length === 1 ? "" : "s"}; accept them to train anyway (acceptWarnings: true).`,
      warnings,
    );
}

/** The dataset row (if it exists yet) and the id the run names it by. */
async function resolveDataset(db: PrismaClient, ref: string, teamId: string, task: TRunTask) {
  const builtin = findBuiltin(ref);
  if (builtin) {
    if (builtin.task !== task)
      throw new ModelRefusedError(
        `Dataset ${ref} is for ${builtin.task}; the model's Output is ${task}.`,
        [notTrainable(`dataset ${ref} is for ${builtin.task}, the Output node's task is ${task}`)],
      );
    const row = await db.dataset.findUnique({ where: { builtinKey: builtin.id } });
    return { ref: builtin.id, datasetId: row?.id ?? null };
  }
  const row = await db.dataset.findFirst({ where: { id: ref, teamId, source: "upload" } });
  if (!row) throw new NotFoundError(`Dataset ${ref} not found in this project's team.`);
  if (row.task !== task)
    throw new ModelRefusedError(
      `Dataset ${row.name} is for ${row.task}; the model's Output is ${task}.`,
      [notTrainable(`dataset ${row.name} is for ${row.task}, the Output node's task is ${task}`)],
    );
  return { ref: row.id, datasetId: row.id };
}

/**
 * Starts a training run of the project's current model (editors and owners): validates it with
 * graph-core here on the server, snapshots it as a version of kind `run`, and creates the run
 * `queued`. The dispatcher (in the trainers) hands it to a worker; `notify` wakes it at once.
 */
export async function createRun(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  input: unknown,
  notify: (channel: string) => Promise<unknown> = async () => undefined,
) {
  const { actor: user, project } = await requireProjectRole(db, actor, projectId, "editor");
  const body = parseInput(ZCreateRunInput, input);
  // The live log too: the model validated here is the one the run version snapshots.
  const { model } = await loadCurrentProjectModel(db, project);
  gate(model, body.acceptWarnings === true);
  const settings = runSettingsFromModel(model);
  if (!settings.ok)
    throw new ModelRefusedError(
      `The model cannot be trained: ${settings.problems.join("; ")}.`,
      settings.problems.map(notTrainable),
    );
  const { task } = settings.settings;
  const dataset = await resolveDataset(
    db,
    body.dataset ?? settings.settings.dataset ?? (task === "classification" ? "shapes" : "nuclei"),
    project.teamId,
    task,
  );
  const fit = await datasetFitDiagnostics(db, model, dataset.ref, project.teamId);
  if (fit.length > 0)
    throw new ModelRefusedError(`The model does not fit the dataset: ${fit[0]!.message}`, fit);
  const config = parseInput(ZRunConfig, { ...settings.settings.config, ...body.config });
  const run = await withVersionRetry(() =>
    db.$transaction(async (tx) => {
      const last = await tx.run.findFirst({
        where: { projectId },
        orderBy: { number: "desc" },
        select: { number: true },
      });
      const number = (last?.number ?? 0) + 1;
      const version = await insertVersion(tx, {
        projectId,
        authorId: user.id,
        message: body.message ?? `Run #${number}`,
        kind: "run",
        model,
      });
      const created = await tx.run.create({
        data: {
          projectId,
          teamId: project.teamId,
          number,
          versionId: version.id,
          authorId: user.id,
          datasetId: dataset.datasetId,
          config: { ...config, dataset: dataset.ref },
        },
      });
      await appendRunEvent(tx, created.id, {
        type: "status",
        status: "queued",
        time: new Date().toISOString(),
      });
      return created;
    }),
  );
  await notify(DISPATCH_CHANNEL).catch(() => undefined);
  return { run: runDto(run, { queuePosition: await queuePosition(db, run) }) };
}
