import { createHash } from "node:crypto";
import type { TDatasetTask, TNormalizedDataset } from "./validate-dataset";

export const DATASET_FORMAT = "layerwise.dataset";
export const DATASET_VERSION = 1;

/** `manifest.json` of a dataset directory (apps/trainer/python/README.md). */
export interface TDatasetManifest {
  format: typeof DATASET_FORMAT;
  version: typeof DATASET_VERSION;
  id: string;
  name: string;
  task: TDatasetTask;
  classes: string[];
  count: number;
  sample_shape: [number, number, number];
  split: { train: string[]; val: string[] };
  checksum: string;
}

/** Share of samples held out for validation (at least one). */
export const VAL_FRACTION = 0.1;

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/**
 * The validation split: a fixed share of samples chosen by the hash of their name, so it is the
 * same on every machine and does not depend on how the files happen to be named or ordered.
 */
export function splitSamples(names: string[]): { train: string[]; val: string[] } {
  const valCount = Math.max(1, Math.round(names.length * VAL_FRACTION));
  const byHash = [...names].sort((a, b) => {
    const ha = sha256(a);
    const hb = sha256(b);
    return ha < hb ? -1 : ha > hb ? 1 : 0;
  });
  const val = new Set(byHash.slice(0, valCount));
  const sorted = [...names].sort();
  return { train: sorted.filter((n) => !val.has(n)), val: sorted.filter((n) => val.has(n)) };
}

/** labels.json exactly as the runner writes it (sorted keys, no spaces): part of the checksum. */
export function labelsJson(labels: Record<string, number>): Buffer {
  const sorted = Object.keys(labels).sort();
  return Buffer.from(`{${sorted.map((k) => `${JSON.stringify(k)}:${labels[k]}`).join(",")}}`);
}

/**
 * The dataset checksum, computed exactly as the runner's `layout.file_checksum`: sha256 over each
 * sample name in sorted order (`name\0`, its image file, its mask file), then labels.json.
 */
export function datasetChecksum(
  files: ReadonlyMap<string, Buffer>,
  names: string[],
  task: TDatasetTask,
): string {
  const digest = createHash("sha256");
  for (const name of [...names].sort()) {
    digest.update(Buffer.from(`${name}\0`));
    digest.update(files.get(`images/${name}.png`)!);
    if (task !== "classification") digest.update(files.get(`masks/${name}.png`)!);
  }
  if (task === "classification") digest.update(files.get("labels.json")!);
  return digest.digest("hex");
}

/** Every file of the dataset directory (relative path → bytes), manifest included. */
export function datasetFiles(
  id: string,
  name: string,
  dataset: TNormalizedDataset,
): { files: Map<string, Buffer>; manifest: TDatasetManifest } {
  const files = new Map<string, Buffer>();
  const labels: Record<string, number> = {};
  for (const sample of dataset.samples) {
    files.set(`images/${sample.name}.png`, sample.image);
    if (sample.mask) files.set(`masks/${sample.name}.png`, sample.mask);
    if (sample.label !== undefined) labels[sample.name] = sample.label;
  }
  if (dataset.task === "classification") files.set("labels.json", labelsJson(labels));
  const manifest: TDatasetManifest = {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    id,
    name,
    task: dataset.task,
    classes: dataset.classes,
    count: dataset.samples.length,
    sample_shape: dataset.sampleShape,
    split: splitSamples(dataset.samples.map((s) => s.name)),
    checksum: datasetChecksum(
      files,
      dataset.samples.map((s) => s.name),
      dataset.task,
    ),
  };
  files.set("manifest.json", Buffer.from(JSON.stringify(manifest, null, 2)));
  return { files, manifest };
}
