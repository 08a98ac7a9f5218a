import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { TStorage } from "./types";

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Uploads every file of `localDir` under `prefix/` (relative paths become key segments). */
export async function uploadDir(
  storage: TStorage,
  localDir: string,
  prefix: string,
): Promise<number> {
  const files = await filesUnder(localDir);
  for (const file of files) {
    await storage.upload(`${prefix}/${relative(localDir, file).split(sep).join("/")}`, file);
  }
  return files.length;
}

/** Downloads every object under `prefix/` into `localDir`, keeping the layout. */
export async function downloadPrefix(
  storage: TStorage,
  prefix: string,
  localDir: string,
): Promise<number> {
  const objects = await storage.list(prefix);
  for (const object of objects) {
    const rel = object.key.slice(prefix.length + 1);
    await storage.download(object.key, join(localDir, ...rel.split("/")));
  }
  return objects.length;
}
