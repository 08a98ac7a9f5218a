import { z } from "zod";
import { LocalStorage } from "./local";
import { S3Storage } from "./s3";
import type { TStorage } from "./types";

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

/**
 * The storage variables, for each service's env schema: `STORAGE=local` (default, files under
 * `DATA_DIR`) or `STORAGE=s3` with `S3_BUCKET` and, for MinIO and other non-AWS stores,
 * `S3_ENDPOINT` (path-style URLs by default then).
 */
export const storageEnvFields = {
  STORAGE: z.enum(["local", "s3"]).default("local"),
  S3_BUCKET: optional,
  S3_ENDPOINT: optional.pipe(z.url({ message: "must be an http(s) URL" }).optional()),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: optional,
  S3_SECRET_ACCESS_KEY: optional,
  S3_PREFIX: optional,
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", ""])
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
};

/** The parsed storage variables plus `DATA_DIR`. */
export interface TStorageEnv {
  DATA_DIR: string;
  STORAGE: "local" | "s3";
  S3_BUCKET?: string;
  S3_ENDPOINT?: string;
  S3_REGION: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_PREFIX?: string;
  S3_FORCE_PATH_STYLE?: "true" | "false";
}

/** Thrown when STORAGE=s3 lacks what it needs; the message names the variable. */
export class StorageConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StorageConfigError";
  }
}

/** Builds the configured store. Call once per process and `close()` it on shutdown. */
export function createStorage(env: TStorageEnv): TStorage {
  if (env.STORAGE === "local") return new LocalStorage(env.DATA_DIR);
  if (!env.S3_BUCKET) throw new StorageConfigError("S3_BUCKET: required when STORAGE=s3");
  return new S3Storage({
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    prefix: env.S3_PREFIX,
    forcePathStyle: env.S3_FORCE_PATH_STYLE
      ? env.S3_FORCE_PATH_STYLE === "true"
      : Boolean(env.S3_ENDPOINT),
  });
}
