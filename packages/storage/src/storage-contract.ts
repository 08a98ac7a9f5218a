/*
 * The behaviour every TStorage must have, as one suite: run against the local store always and
 * against a real S3 endpoint when one is configured (storage.test.ts).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { downloadPrefix, uploadDir } from "./sync";
import type { TStorage } from "./types";

/** Declares the contract tests for `make()` (called once) inside the caller's describe. */
export function storageContract(make: () => TStorage): void {
  let storage: TStorage;
  let scratch: string;
  const root = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    storage = make();
    scratch = await mkdtemp(join(tmpdir(), "lw-storage-"));
  });
  afterAll(async () => {
    await storage.deletePrefix(root);
    await storage.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it("writes, stats, reads and streams an object", async () => {
    await storage.write(`${root}/a/log.txt`, "hello\n");
    expect(await storage.stat(`${root}/a/log.txt`)).toEqual({ key: `${root}/a/log.txt`, size: 6 });
    expect((await storage.read(`${root}/a/log.txt`))?.toString()).toBe("hello\n");
    const opened = await storage.openRead(`${root}/a/log.txt`);
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("hello\n");
    expect(opened!.size).toBe(6);
  });

  it("answers null / false for a missing object instead of throwing", async () => {
    expect(await storage.stat(`${root}/missing.bin`)).toBeNull();
    expect(await storage.read(`${root}/missing.bin`)).toBeNull();
    expect(await storage.openRead(`${root}/missing.bin`)).toBeNull();
    expect(await storage.download(`${root}/missing.bin`, join(scratch, "x"))).toBe(false);
    expect(await storage.list(`${root}/nothing-here`)).toEqual([]);
  });

  it("uploads and downloads files and whole directories byte for byte", async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
    const src = join(scratch, "src");
    await uploadDir(storage, await seedDir(src, bytes), `${root}/run`);
    expect((await storage.list(`${root}/run`)).map((o) => [o.key, o.size])).toEqual([
      [`${root}/run/best.pt`, bytes.length],
      [`${root}/run/images/001.png`, 3],
    ]);
    const dest = join(scratch, "dest");
    expect(await downloadPrefix(storage, `${root}/run`, dest)).toBe(2);
    expect(await readFile(join(dest, "best.pt"))).toEqual(bytes);
    expect((await readFile(join(dest, "images", "001.png"))).toString()).toBe("png");
  });

  it("deletes a prefix and refuses keys that could escape", async () => {
    await storage.write(`${root}/gone/a`, "1");
    await storage.write(`${root}/gone/b/c`, "2");
    expect(await storage.deletePrefix(`${root}/gone`)).toBe(2);
    expect(await storage.list(`${root}/gone`)).toEqual([]);
    await expect(storage.write(`${root}/../escape`, "x")).rejects.toThrow(/'\.\.' segment/);
    await expect(storage.read("/etc/passwd")).rejects.toThrow(/empty, '\.' or '\.\.' segment/);
    await expect(storage.write(`${root}/a b`, "x")).rejects.toThrow(/only letters/);
  });
}

async function seedDir(dir: string, bytes: Buffer): Promise<string> {
  const { mkdir } = await import("node:fs/promises");
  await mkdir(join(dir, "images"), { recursive: true });
  await writeFile(join(dir, "best.pt"), bytes);
  await writeFile(join(dir, "images", "001.png"), "png");
  return dir;
}
