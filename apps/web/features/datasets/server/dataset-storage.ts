import "server-only";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { webEnv } from "@/env";

/** The part of the storage interface (packages/storage `TStorage`) datasets use. */
export interface TDatasetStore {
  write(key: string, body: Buffer | string): Promise<void>;
  read(key: string): Promise<Buffer | null>;
  deletePrefix(prefix: string): Promise<number>;
}

const SAFE_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

function pathOf(root: string, key: string): string {
  if (!SAFE_KEY.test(key) || key.split("/").some((s) => s === "." || s === ".."))
    throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  return join(root, ...key.split("/"));
}

/** Local files under DATA_DIR, with the semantics of packages/storage's LocalStorage. */
function localStore(root: string): TDatasetStore {
  return {
    async write(key, body) {
      const path = pathOf(root, key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
      await writeFile(tmp, body);
      await rename(tmp, path);
    },
    async read(key) {
      try {
        return await readFile(pathOf(root, key));
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return null;
        throw error;
      }
    },
    async deletePrefix(prefix) {
      await rm(pathOf(root, prefix), { recursive: true, force: true });
      return 0;
    },
  };
}

let store: TDatasetStore | undefined;

/** Where dataset files are kept (created on first use, never at import time). */
export function datasetStore(): TDatasetStore {
  store ??= localStore(resolve(webEnv().DATA_DIR));
  return store;
}

/** Storage key of a dataset's directory. */
export const datasetPrefix = (id: string): string => `datasets/${id}`;
