/*
 * A built-in dataset is generated on first use and kept in storage; a retuned generator (new
 * pixels, new `pixel_checksums.json`) must not leave workers training on the old copy.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPrismaClient } from "@layerwise/db";
import { LocalStorage } from "@layerwise/storage";
import { afterAll, describe, expect, it } from "vitest";
import { readTrainerEnv } from "../src/env";
import { expectedPixelChecksums, findRunDataset } from "../src/runs/datasets";

const env = readTrainerEnv();
const db = createPrismaClient(env.DATABASE_URL);
const dataDir = await mkdtemp(join(tmpdir(), "lw-builtin-"));
const storage = new LocalStorage(dataDir);
const ctx = { db, storage, python: env.PYTHON, cacheDir: join(dataDir, "cache") };

afterAll(async () => {
  await db.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

async function storedManifest(key: string) {
  const body = await storage.read(`${key}/manifest.json`);
  return JSON.parse(body!.toString("utf8")) as { pixel_checksum: string; checksum: string };
}

describe("built-in datasets in storage", () => {
  it("are kept while they match the generator and generated again when they came from an older one", async () => {
    const expected = (await expectedPixelChecksums()).shapes;
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    const first = await findRunDataset(ctx, "shapes", "no-team");
    const stored = await storedManifest(first.storageKey);
    expect(stored.pixel_checksum).toBe(expected);
    expect(first.checksum).toBe(stored.checksum);

    // The current copy is reused: nothing under its prefix is replaced.
    const marker = `${first.storageKey}/marker.txt`;
    await storage.write(marker, "kept");
    expect((await findRunDataset(ctx, "shapes", "no-team")).id).toBe(first.id);
    expect(await storage.stat(marker)).not.toBeNull();

    // A copy an older generator wrote names other pixels: it is generated again, in place.
    await storage.write(
      `${first.storageKey}/manifest.json`,
      JSON.stringify({ ...stored, pixel_checksum: "0".repeat(64) }),
    );
    const again = await findRunDataset(ctx, "shapes", "no-team");
    expect(await storage.stat(marker)).toBeNull();
    expect((await storedManifest(again.storageKey)).pixel_checksum).toBe(expected);
    expect(again.id).toBe(first.id);
    expect(again.checksum).toBe(first.checksum);
  }, 300_000); // two generations of `shapes` (~10 s each idle; slower on a loaded machine)
});
