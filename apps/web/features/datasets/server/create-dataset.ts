import "server-only";
import { randomBytes } from "node:crypto";
import type { Dataset, PrismaClient } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireTeamRole } from "@/lib/server-only/authz";
import { HttpError, parseInput } from "@/lib/server-only/errors";
import { MAX_UPLOAD_BYTES, ZDatasetUploadFields } from "../schemas";
import { datasetFiles } from "./dataset-files";
import { MAX_REPORTED_PROBLEMS, type TDatasetProblem } from "./dataset-problems";
import { datasetPrefix, datasetStore, type TDatasetStore } from "./dataset-storage";
import { DEFAULT_IMAGE_LIMITS, type TImageLimits } from "./decode-image";
import { DEFAULT_ZIP_LIMITS, readZip, ZipLimitError, type TZipLimits } from "./read-zip";
import { validateDataset } from "./validate-dataset";

/** 422: the upload is not a valid dataset; `problems` name each file and why. */
export class DatasetRejectedError extends HttpError {
  constructor(
    message: string,
    readonly problems: TDatasetProblem[],
  ) {
    super(422, message);
  }
}

export interface TDatasetUpload {
  name: unknown;
  file: { size: number; arrayBuffer(): Promise<ArrayBuffer> } | null;
}

export interface TUploadOptions {
  store?: TDatasetStore;
  zipLimits?: TZipLimits;
  imageLimits?: TImageLimits;
}

function reject(problems: TDatasetProblem[]): never {
  const first = problems[0]!;
  const more =
    problems.length > 1
      ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})`
      : "";
  throw new DatasetRejectedError(
    `The dataset was not accepted: ${first.message}${more}.`,
    problems.slice(0, MAX_REPORTED_PROBLEMS),
  );
}

/** The zip's bytes, checked for presence and size before anything is read from them. */
async function uploadBytes(file: TDatasetUpload["file"]): Promise<Buffer> {
  if (!file) throw new HttpError(400, "Attach the dataset as a zip in the form field 'file'.");
  if (file.size > MAX_UPLOAD_BYTES)
    throw new HttpError(
      413,
      `The zip is ${file.size} bytes; the limit is ${MAX_UPLOAD_BYTES} bytes.`,
    );
  if (file.size === 0)
    throw new DatasetRejectedError("The uploaded file is empty.", [
      { path: "", message: "The uploaded file is empty" },
    ]);
  return Buffer.from(await file.arrayBuffer());
}

/**
 * Accepts a dataset upload for `teamId` (editors and owners): reads the zip with every safety
 * check, validates it as a dataset, and only when nothing is wrong stores the normalized files and
 * the row. Any problem refuses the whole upload with a 422 listing each file and why; nothing is kept.
 */
export async function createDataset(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
  readUpload: () => Promise<TDatasetUpload>,
  options: TUploadOptions = {},
): Promise<Dataset> {
  const { actor: signedIn } = await requireTeamRole(db, actor, teamId, "editor");
  // The body is read only after the role check: a refused caller never gets its upload parsed.
  const upload = await readUpload();
  const { name } = parseInput(ZDatasetUploadFields, { name: upload.name });
  const bytes = await uploadBytes(upload.file);
  let zip;
  try {
    zip = await readZip(bytes, options.zipLimits ?? DEFAULT_ZIP_LIMITS);
  } catch (error) {
    if (error instanceof ZipLimitError)
      reject([{ path: "", message: error.message.replace(/\.$/, "") }]);
    throw error;
  }
  const result = validateDataset(zip.files, options.imageLimits ?? DEFAULT_IMAGE_LIMITS);
  const problems = [...zip.problems, ...(result.ok ? [] : result.problems)];
  if (problems.length > 0 || !result.ok) reject(problems);
  const id = `ds${randomBytes(12).toString("hex")}`;
  const { files, manifest } = datasetFiles(id, name, result.dataset);
  const store = options.store ?? datasetStore();
  const prefix = datasetPrefix(id);
  let sizeBytes = 0;
  try {
    // The manifest goes last: a directory without one is incomplete and never read.
    for (const [path, body] of files) {
      sizeBytes += body.length;
      if (path !== "manifest.json") await store.write(`${prefix}/${path}`, body);
    }
    await store.write(`${prefix}/manifest.json`, files.get("manifest.json")!);
    return await db.dataset.create({
      data: {
        id,
        teamId,
        name,
        task: manifest.task,
        source: "upload",
        count: manifest.count,
        trainCount: manifest.split.train.length,
        valCount: manifest.split.val.length,
        sampleShape: manifest.sample_shape,
        classes: manifest.classes,
        stats: { ...result.dataset.stats },
        storageKey: prefix,
        checksum: manifest.checksum,
        sizeBytes: BigInt(sizeBytes),
        createdById: signedIn.id,
      },
    });
  } catch (error) {
    await store.deletePrefix(prefix).catch(() => undefined);
    throw error;
  }
}
