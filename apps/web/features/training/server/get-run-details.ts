import "server-only";
import type { PrismaClient } from "@layerwise/db";
import { generatePyTorch, parseModelFlow, type TModelFlow } from "@layerwise/graph-core";
import { RUN_ARTIFACTS } from "@layerwise/protocol";
import type { TStorage } from "@layerwise/storage";
import type { TActor } from "@/lib/server-only/actor";
import { requireRunRole } from "./get-run";

/** The most of log.txt the run page shows (its end: the newest lines). */
export const LOG_PAGE_BYTES = 256 * 1024;

/** What the run page shows beside the live view (members of the project's team). */
export interface TRunDetails {
  version: { id: string; number: number; message: string };
  model: TModelFlow;
  /** The code the run trained (its model.py), or graph-core's code of the snapshot before it exists. */
  code: { source: string; from: "artifact" | "snapshot" } | { error: string };
  /** The end of log.txt, null before the run wrote one. */
  log: { text: string; truncated: boolean } | null;
  artifacts: { name: string; size: number }[];
}

/** Loads the run's model snapshot, code, log and stored files. */
export async function getRunDetails(
  db: PrismaClient,
  actor: TActor | null,
  runId: string,
  storage: TStorage,
): Promise<TRunDetails> {
  await requireRunRole(db, actor, runId, "viewer");
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    include: { version: { select: { id: true, number: true, message: true, model: true } } },
  });
  const parsed = parseModelFlow(run.version.model);
  if (!parsed.ok) throw new Error(`version ${run.versionId} holds an invalid model`);
  const [stored, codeFile, logFile] = await Promise.all([
    storage.list(`runs/${runId}`),
    storage.read(`runs/${runId}/model.py`),
    storage.read(`runs/${runId}/log.txt`),
  ]);
  let code: TRunDetails["code"];
  if (codeFile) code = { source: codeFile.toString("utf8"), from: "artifact" };
  else {
    try {
      code = { source: generatePyTorch(parsed.doc), from: "snapshot" };
    } catch (error) {
      code = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  const names = new Set<string>(RUN_ARTIFACTS);
  const artifacts = stored
    .map((o) => ({ name: o.key.slice(`runs/${runId}/`.length), size: o.size }))
    .filter((o) => names.has(o.name));
  return {
    version: { id: run.version.id, number: run.version.number, message: run.version.message },
    model: parsed.doc,
    code,
    log: logFile
      ? {
          text: logFile.subarray(Math.max(0, logFile.length - LOG_PAGE_BYTES)).toString("utf8"),
          truncated: logFile.length > LOG_PAGE_BYTES,
        }
      : null,
    artifacts,
  };
}
