import type { Readable } from "node:stream";

/** One stored object. */
export interface TStoredObject {
  key: string;
  size: number;
}

/**
 * Where datasets and run files live. Keys are `/`-separated (`datasets/<id>/manifest.json`,
 * `runs/<id>/best.pt`, checked by `checkKey`). Both implementations behave the same; a missing
 * object is `null` from `stat`/`read`/`openRead` and `false` from `download`, never a throw.
 */
export interface TStorage {
  readonly kind: "local" | "s3";
  /** Human-readable location for logs (`file:///data`, `s3://bucket/prefix`). */
  readonly location: string;
  /** Stores bytes under `key`, replacing what was there. */
  write(key: string, body: Buffer | string): Promise<void>;
  /** Uploads a local file (streamed, never read into memory). */
  upload(key: string, localPath: string): Promise<void>;
  /** The whole object, for small files (manifests, logs). */
  read(key: string): Promise<Buffer | null>;
  /** A stream of the object and its size, for serving downloads. */
  openRead(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** Copies the object to a local file (written to a temporary name, then renamed). */
  download(key: string, localPath: string): Promise<boolean>;
  stat(key: string): Promise<TStoredObject | null>;
  /** Every object under `prefix/`, sorted by key. */
  list(prefix: string): Promise<TStoredObject[]>;
  /** Deletes every object under `prefix/` (and `prefix` itself). */
  deletePrefix(prefix: string): Promise<number>;
  /** Releases connections. */
  close(): Promise<void>;
}
