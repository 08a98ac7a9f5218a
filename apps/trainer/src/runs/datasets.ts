import { execFile } from "node:child_process";
import { mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Dataset, PrismaClient } from "@layerwise/db";
import { downloadPrefix, uploadDir, type TStorage } from "@layerwise/storage";
import { z } from "zod";
import { PYTHON_DIR } from "./runner-process";

const exec = promisify(execFile);

/** The built-ins the runner can generate (`layerwise_trainer.datasets build <key>`). */
export const BUILTIN_KEYS = ["nuclei", "shapes"] as const;

const ZManifest = z.object({
  format: z.literal("layerwise.dataset"),
  version: z.literal(1),
  id: z.string(),
  name: z.string(),
  task: z.string(),
  classes: z.array(z.string()),
  count: z.number().int(),
  sample_shape: z.array(z.number().int()).length(3),
  split: z.object({ train: z.array(z.string()), val: z.array(z.string()) }),
  checksum: z.string().min(1),
});
type TManifest = z.infer<typeof ZManifest>;

/** A dataset problem that retrying cannot fix (unknown id, broken files). */
export class DatasetUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatasetUnavailableError";
  }
}

export interface TDatasetContext {
  db: PrismaClient;
  storage: TStorage;
  python: string;
  /** Local cache of materialized datasets (`<work>/datasets`). */
  cacheDir: string;
}

async function readManifest(dir: string): Promise<TManifest | null> {
  try {
    return ZManifest.parse(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")));
  } catch {
    return null;
  }
}

const tmpName = (dir: string) => `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;

/**
 * Generates a built-in with the runner, stores it, and records (or refreshes) its Dataset row.
 * Generation is deterministic, so two workers racing here write the same bytes.
 */
async function generateBuiltin(ctx: TDatasetContext, key: string): Promise<Dataset> {
  const dir = tmpName(join(ctx.cacheDir, `build-${key}`));
  try {
    await exec(ctx.python, ["-m", "layerwise_trainer.datasets", "build", key, "--out", dir], {
      cwd: PYTHON_DIR,
      env: { ...process.env, PYTHONPATH: PYTHON_DIR },
      timeout: 15 * 60_000,
    });
    const manifest = await readManifest(dir);
    if (!manifest) throw new DatasetUnavailableError(`built-in ${key} wrote no valid manifest`);
    const prefix = `datasets/${key}`;
    await ctx.storage.deletePrefix(prefix);
    await uploadDir(ctx.storage, dir, prefix);
    const sizeBytes = (await ctx.storage.list(prefix)).reduce((sum, o) => sum + o.size, 0);
    const [channels, height, width] = manifest.sample_shape as [number, number, number];
    const fields = {
      name: manifest.name,
      task: manifest.task,
      count: manifest.count,
      trainCount: manifest.split.train.length,
      valCount: manifest.split.val.length,
      sampleShape: manifest.sample_shape,
      classes: manifest.classes,
      stats: { width, height, channels, formats: { png: manifest.count }, classBalance: [] },
      storageKey: prefix,
      checksum: manifest.checksum,
      sizeBytes: BigInt(sizeBytes),
    };
    const row = await ctx.db.dataset.upsert({
      where: { builtinKey: key },
      create: { source: "builtin", builtinKey: key, teamId: null, ...fields },
      update: fields,
    });
    // Runs submitted before the built-in existed name it only in their config.
    await ctx.db.$executeRaw`
      UPDATE "Run" SET "datasetId" = ${row.id}
      WHERE "datasetId" IS NULL AND "config"->>'dataset' = ${key}`;
    return row;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The Dataset row a run trains on: its team's upload, or a built-in (generated on first use). */
export async function findRunDataset(
  ctx: TDatasetContext,
  datasetRef: string,
  teamId: string,
): Promise<Dataset> {
  if ((BUILTIN_KEYS as readonly string[]).includes(datasetRef)) {
    const row = await ctx.db.dataset.findUnique({ where: { builtinKey: datasetRef } });
    const stored = row && (await ctx.storage.stat(`${row.storageKey}/manifest.json`));
    return row && stored ? row : generateBuiltin(ctx, datasetRef);
  }
  const row = await ctx.db.dataset.findFirst({
    where: { id: datasetRef, OR: [{ teamId }, { teamId: null }] },
  });
  if (!row)
    throw new DatasetUnavailableError(`dataset ${datasetRef} does not exist (or was deleted)`);
  return row;
}

/**
 * A local copy of the dataset for the runner, cached per checksum so a re-upload under the same
 * id never mixes old and new files. Downloaded to a temporary directory and renamed when whole.
 */
export async function materializeDataset(ctx: TDatasetContext, row: Dataset): Promise<string> {
  const dir = join(ctx.cacheDir, `${row.id}-${row.checksum.slice(0, 16)}`);
  const cached = await readManifest(dir);
  if (cached?.checksum === row.checksum) return dir;
  await mkdir(ctx.cacheDir, { recursive: true });
  const tmp = tmpName(dir);
  try {
    const count = await downloadPrefix(ctx.storage, row.storageKey, tmp);
    if (count === 0) throw new DatasetUnavailableError(`dataset ${row.id} has no files in storage`);
    const manifest = await readManifest(tmp);
    if (!manifest) throw new DatasetUnavailableError(`dataset ${row.id} has no valid manifest`);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    return dir;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    if ((await stat(dir).catch(() => null)) && (await readManifest(dir))) return dir;
    throw error;
  }
}
