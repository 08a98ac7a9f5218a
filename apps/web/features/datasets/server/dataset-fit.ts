import "server-only";
import type { PrismaClient } from "@layerwise/db";
import {
  analyze,
  checkTrainingDataset,
  readTrainingSettings,
  type TDiagnostic,
  type TModelFlow,
  type TTrainingDataset,
} from "@layerwise/graph-core";
import { findBuiltin } from "./builtin-datasets";

/** The dataset as the training check needs it: a built-in's known shape, or the upload's row. */
async function trainingDataset(
  db: PrismaClient,
  ref: string,
  teamId: string,
): Promise<TTrainingDataset | null> {
  const builtin = findBuiltin(ref);
  if (builtin) return builtin;
  const row = await db.dataset.findFirst({ where: { id: ref, teamId, source: "upload" } });
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    task: row.task as TTrainingDataset["task"],
    sampleShape: row.sampleShape as number[],
    classes: row.classes as string[],
  };
}

/**
 * graph-core's verdict on training `model` with dataset `ref` (a built-in key or a team's upload
 * id): the Input's channels, the task and the classes must fit the dataset. Errors only; an
 * unknown dataset gives none here (the caller reports it).
 */
export async function datasetFitDiagnostics(
  db: PrismaClient,
  model: TModelFlow,
  ref: string,
  teamId: string,
): Promise<TDiagnostic[]> {
  const dataset = await trainingDataset(db, ref, teamId);
  const { settings } = readTrainingSettings(model);
  if (!dataset || !settings) return [];
  return checkTrainingDataset(settings, dataset, analyze(model));
}
