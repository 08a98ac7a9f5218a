import "server-only";
import type { PrismaClient } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { NotFoundError, ValidationError } from "@/lib/server-only/errors";
import type { TDatasetManifest } from "./dataset-files";
import { datasetStore, type TDatasetStore } from "./dataset-storage";
import { findDataset } from "./find-datasets";

const SAMPLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A sample as the dataset page's grid shows it. */
export interface TSampleRef {
  name: string;
  split: "train" | "val";
  /** Class name (classification). */
  label?: string;
}

/**
 * The first `limit` samples of a dataset (validation first, then training) from its manifest;
 * empty for a built-in that has not been generated yet. Same visibility as the dataset.
 */
export async function listDatasetSamples(
  db: PrismaClient,
  actor: TActor | null,
  datasetId: string,
  limit = 24,
  store: TDatasetStore = datasetStore(),
): Promise<TSampleRef[]> {
  const { storageKey, dto } = await findDataset(db, actor, datasetId);
  if (!storageKey) return [];
  const raw = await store.read(`${storageKey}/manifest.json`);
  if (!raw) return [];
  const manifest = JSON.parse(raw.toString("utf8")) as TDatasetManifest;
  const labels =
    dto.task === "classification"
      ? (JSON.parse(
          (await store.read(`${storageKey}/labels.json`))?.toString("utf8") ?? "{}",
        ) as Record<string, number>)
      : {};
  const refs: TSampleRef[] = [
    ...manifest.split.val.map((name) => ({ name, split: "val" as const })),
    ...manifest.split.train.map((name) => ({ name, split: "train" as const })),
  ].slice(0, limit);
  return refs.map((r) =>
    labels[r.name] !== undefined ? { ...r, label: dto.classes[labels[r.name]!] } : r,
  );
}

/** The PNG bytes of one sample's image or mask (same visibility as the dataset). */
export async function readDatasetSample(
  db: PrismaClient,
  actor: TActor | null,
  datasetId: string,
  name: string,
  kind: "image" | "mask",
  store: TDatasetStore = datasetStore(),
): Promise<Buffer> {
  if (!SAMPLE_NAME.test(name)) throw new ValidationError(`"${name}" is not a sample name.`);
  const { storageKey, dto } = await findDataset(db, actor, datasetId);
  if (kind === "mask" && dto.task === "classification")
    throw new NotFoundError("A classification dataset has no masks.");
  const bytes = storageKey ? await store.read(`${storageKey}/${kind}s/${name}.png`) : null;
  if (!bytes) throw new NotFoundError(`Sample ${name} not found.`);
  return bytes;
}
