import "server-only";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import type { TDatasetProblem } from "./dataset-problems";

/** Limits on what an uploaded zip may contain (zip bombs, huge archives). */
export interface TZipLimits {
  /** Most entries (files and folders) in the archive. */
  maxEntries: number;
  /** Most bytes of one file once inflated. */
  maxFileBytes: number;
  /** Most bytes of all files once inflated. */
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio of one file (zip bombs reach 1000:1 and more). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: TZipLimits = {
  maxEntries: 20_000,
  maxFileBytes: 64 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
};

/** One regular file of the archive, inflated. */
export interface TZipFile {
  path: string;
  data: Buffer;
}

export interface TZipContents {
  files: TZipFile[];
  problems: TDatasetProblem[];
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
/** Unix "made by" host in the zip header: only then do the high external-attribute bits hold a mode. */
const HOST_UNIX = 3;

/** Entries that archivers add by themselves; skipped, never reported. */
function isArchiverJunk(path: string): boolean {
  const parts = path.split("/");
  return (
    parts[0] === "__MACOSX" ||
    parts.some((p) => p === ".DS_Store" || p === "Thumbs.db" || p === "desktop.ini")
  );
}

/** Why an entry's file type is refused (links, devices), or null for a regular file or folder. */
function refusedFileType(entry: Entry): string | null {
  if (entry.versionMadeBy >> 8 !== HOST_UNIX) return null;
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode === 0 || mode === S_IFREG || mode === S_IFDIR) return null;
  return mode === 0o120000
    ? "is a symbolic link; links are refused, put the file itself in the zip"
    : "is not a regular file (device, socket or pipe)";
}

/** The entry's name, or the reason it is unsafe (absolute, `..`, backslashes). */
function entryName(entry: Entry): { name: string; problem: string | null } {
  const name = yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileName as unknown as Buffer,
    entry.extraFields,
    true,
  );
  const invalid = yauzl.validateFileName(name);
  if (invalid === null && name.includes("\0"))
    return { name, problem: "has a NUL byte in its name" };
  if (invalid === null) return { name, problem: null };
  const reason = invalid.startsWith("absolute path")
    ? "is an absolute path; paths must stay inside the zip"
    : invalid.startsWith("invalid relative path")
      ? "climbs out of the zip with '..' (path traversal)"
      : "has a backslash in its name; use '/' between folders";
  return { name, problem: reason };
}

/** Reads an inflated entry, never holding more than `max` bytes (a lying header cannot grow it). */
async function inflate(zip: ZipFile, entry: Entry, max: number): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      stream.destroy();
      throw new Error(`inflates past ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** The declared-size checks every entry passes before a byte of it is inflated. */
function declaredProblem(entry: Entry, limits: TZipLimits): string | null {
  if (entry.isEncrypted()) return "is encrypted; upload an unencrypted zip";
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    return `uses compression method ${entry.compressionMethod}; only stored and deflate are supported`;
  if (entry.uncompressedSize > limits.maxFileBytes)
    return `is ${entry.uncompressedSize} bytes uncompressed, more than the ${limits.maxFileBytes}-byte limit per file`;
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (ratio > limits.maxRatio)
    return `expands ${Math.round(ratio)}× (${entry.compressedSize} → ${entry.uncompressedSize} bytes), more than the ${limits.maxRatio}× limit: a zip bomb?`;
  return null;
}

/** Every entry of the central directory (names still raw), or the reason the zip is unreadable. */
async function listEntries(
  buffer: Buffer,
  limits: TZipLimits,
): Promise<{ zip: ZipFile; entries: Entry[] }> {
  const zip = await yauzl.fromBufferPromise(buffer, {
    decodeStrings: false,
    validateEntrySizes: true,
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ZipLimitError(
      `The zip holds ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}.`,
    );
  }
  const entries: Entry[] = [];
  for await (const entry of zipEntries(zip)) entries.push(entry);
  return { zip, entries };
}

async function* zipEntries(zip: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    const next = await new Promise<Entry | null>((resolve, reject) => {
      const onEntry = (entry: Entry) => done(() => resolve(entry));
      const onEnd = () => done(() => resolve(null));
      const onError = (error: Error) => done(() => reject(error));
      const done = (fn: () => void) => {
        zip.off("entry", onEntry).off("end", onEnd).off("error", onError);
        fn();
      };
      zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
      zip.readEntry();
    });
    if (next === null) return;
    yield next;
  }
}

/** A whole-archive refusal (too many entries, too many bytes). */
export class ZipLimitError extends Error {}

/**
 * Reads an uploaded zip in memory with every safety check applied before anything is kept:
 * unsafe names (absolute, `..`, backslash), links and devices, encryption, declared sizes and
 * expansion ratio per file and in total, and the actual inflated size (never trusting the
 * header). Per-file refusals are collected as problems so that the report names every bad file;
 * an unreadable archive or one over the whole-archive limits throws {@link ZipLimitError}.
 */
export async function readZip(
  buffer: Buffer,
  limits: TZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<TZipContents> {
  let listed: { zip: ZipFile; entries: Entry[] };
  try {
    listed = await listEntries(buffer, limits);
  } catch (error) {
    if (error instanceof ZipLimitError) throw error;
    throw new ZipLimitError(
      `The file is not a readable zip archive (${(error as Error).message}).`,
    );
  }
  const { zip, entries } = listed;
  try {
    return await readEntries(zip, entries, limits);
  } finally {
    zip.close();
  }
}

async function readEntries(
  zip: ZipFile,
  entries: Entry[],
  limits: TZipLimits,
): Promise<TZipContents> {
  const problems: TDatasetProblem[] = [];
  const accepted: { entry: Entry; name: string }[] = [];
  let declaredTotal = 0;
  for (const entry of entries) {
    const { name, problem } = entryName(entry);
    if (isArchiverJunk(name) || name.endsWith("/")) {
      if (problem) problems.push({ path: name, message: `${name} ${problem}` });
      continue;
    }
    const refused = problem ?? refusedFileType(entry) ?? declaredProblem(entry, limits);
    if (refused) problems.push({ path: name, message: `${name} ${refused}` });
    else accepted.push({ entry, name });
    declaredTotal += entry.uncompressedSize;
  }
  if (declaredTotal > limits.maxTotalBytes)
    throw new ZipLimitError(
      `The zip expands to ${declaredTotal} bytes, more than the ${limits.maxTotalBytes}-byte limit.`,
    );
  const files: TZipFile[] = [];
  let actualTotal = 0;
  for (const { entry, name } of accepted) {
    try {
      const data = await inflate(zip, entry, Math.min(limits.maxFileBytes, entry.uncompressedSize));
      actualTotal += data.length;
      files.push({ path: name, data });
    } catch (error) {
      problems.push({
        path: name,
        message: `${name} is damaged or lies about its size: ${(error as Error).message}`,
      });
    }
  }
  if (actualTotal > limits.maxTotalBytes)
    throw new ZipLimitError(`The zip expands past the ${limits.maxTotalBytes}-byte limit.`);
  return { files, problems };
}
