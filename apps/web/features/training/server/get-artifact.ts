import "server-only";
import { Readable } from "node:stream";
import type { PrismaClient } from "@layerwise/db";
import { RUN_ARTIFACTS, type TRunArtifact } from "@layerwise/protocol";
import type { TStorage } from "@layerwise/storage";
import type { TActor } from "@/lib/server-only/actor";
import { NotFoundError } from "@/lib/server-only/errors";
import { requireRunRole } from "./get-run";

const TYPES: Record<TRunArtifact, string> = {
  "model.py": "text/x-python; charset=utf-8",
  "best.pt": "application/octet-stream",
  "final.pt": "application/octet-stream",
  "model.onnx": "application/octet-stream",
  "metrics.csv": "text/csv; charset=utf-8",
  "log.txt": "text/plain; charset=utf-8",
};

/** Streams one of a run's files from storage (members of the project's team only). */
export async function getArtifact(
  db: PrismaClient,
  actor: TActor | null,
  runId: string,
  name: string,
  storage: TStorage,
): Promise<Response> {
  const run = await requireRunRole(db, actor, runId, "viewer");
  if (!(RUN_ARTIFACTS as readonly string[]).includes(name))
    throw new NotFoundError(
      `A run has no file ${JSON.stringify(name)}; it has ${RUN_ARTIFACTS.join(", ")}.`,
    );
  const opened = await storage.openRead(`runs/${run.id}/${name}`);
  if (!opened) throw new NotFoundError(`Run #${run.number} has no ${name} (yet).`);
  return new Response(Readable.toWeb(opened.stream) as ReadableStream, {
    headers: {
      "content-type": TYPES[name as TRunArtifact],
      "content-length": String(opened.size),
      "content-disposition": `attachment; filename="run-${run.number}-${name}"`,
      "cache-control": "private, no-store",
    },
  });
}
