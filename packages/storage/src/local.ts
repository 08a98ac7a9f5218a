import { createReadStream } from "node:fs";
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { checkKey, checkPrefix } from "./keys";
import type { TStorage, TStoredObject } from "./types";

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Writes through a temporary sibling and a rename, so readers never see half a file. */
async function atomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && !entry.name.includes(".tmp-")) files.push(path);
  }
  return files;
}

/** Storage in a local directory (`DATA_DIR`): key `a/b` is the file `<root>/a/b`. */
export class LocalStorage implements TStorage {
  readonly kind = "local" as const;
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get location(): string {
    return pathToFileURL(this.root).href;
  }

  /** The file behind `key`; the key check guarantees it stays inside the root. */
  pathOf(key: string): string {
    return join(this.root, ...checkKey(key).split("/"));
  }

  async write(key: string, body: Buffer | string): Promise<void> {
    const path = this.pathOf(key);
    await atomically(path, (tmp) => writeFile(tmp, body));
  }

  async upload(key: string, localPath: string): Promise<void> {
    const path = this.pathOf(key);
    if (resolve(localPath) === path) return;
    await atomically(path, (tmp) => copyFile(localPath, tmp));
  }

  async read(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async openRead(key: string) {
    const found = await this.stat(key);
    if (!found) return null;
    return { stream: createReadStream(this.pathOf(key)), size: found.size };
  }

  async download(key: string, localPath: string): Promise<boolean> {
    const path = this.pathOf(key);
    if (resolve(localPath) === path) return (await this.stat(key)) !== null;
    try {
      await atomically(resolve(localPath), (tmp) => copyFile(path, tmp));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async stat(key: string): Promise<TStoredObject | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { key, size: info.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async list(prefix: string): Promise<TStoredObject[]> {
    const base = this.pathOf(checkPrefix(prefix));
    const files = await walk(base);
    const objects = await Promise.all(
      files.map(async (file) => ({
        key: `${checkPrefix(prefix)}/${relative(base, file).split(sep).join("/")}`,
        size: (await stat(file)).size,
      })),
    );
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const path = this.pathOf(checkPrefix(prefix));
    const count = (await this.list(prefix)).length;
    await rm(path, { recursive: true, force: true });
    return count;
  }

  async close(): Promise<void> {}
}
