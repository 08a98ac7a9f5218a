import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StorageConfigError, createStorage } from "./config";
import { LocalStorage } from "./local";
import { storageContract } from "./storage-contract";

const localRoot = mkdtempSync(join(tmpdir(), "lw-local-store-"));
afterAll(() => rmSync(localRoot, { recursive: true, force: true }));

describe("local storage", () => {
  storageContract(() => new LocalStorage(localRoot));

  it("keeps every key inside its root", () => {
    const store = new LocalStorage(localRoot);
    expect(store.pathOf("runs/r1/best.pt")).toBe(join(localRoot, "runs", "r1", "best.pt"));
  });
});

/*
 * The S3 adapter runs against a real endpoint only: set S3_TEST_BUCKET (and S3_TEST_ENDPOINT,
 * S3_TEST_ACCESS_KEY_ID, S3_TEST_SECRET_ACCESS_KEY for MinIO, e.g. `docker compose up -d minio`
 * with bucket `layerwise-test`). No fake server stands in for it.
 */
const s3Bucket = process.env.S3_TEST_BUCKET;
if (!s3Bucket) {
  console.warn(
    "storage: S3 adapter tests skipped — no S3 endpoint configured (set S3_TEST_BUCKET, S3_TEST_ENDPOINT, S3_TEST_ACCESS_KEY_ID, S3_TEST_SECRET_ACCESS_KEY)",
  );
}
describe.skipIf(!s3Bucket)("S3 storage (real endpoint)", () => {
  storageContract(() =>
    createStorage({
      DATA_DIR: localRoot,
      STORAGE: "s3",
      S3_BUCKET: s3Bucket,
      S3_ENDPOINT: process.env.S3_TEST_ENDPOINT,
      S3_REGION: process.env.S3_TEST_REGION ?? "us-east-1",
      S3_ACCESS_KEY_ID: process.env.S3_TEST_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: process.env.S3_TEST_SECRET_ACCESS_KEY,
      S3_PREFIX: "layerwise-storage-test",
    }),
  );
});

describe("storage configuration", () => {
  it("defaults to the local DATA_DIR and names S3_BUCKET when S3 lacks it", () => {
    const store = createStorage({ DATA_DIR: localRoot, STORAGE: "local", S3_REGION: "x" });
    expect(store.kind).toBe("local");
    expect(() => createStorage({ DATA_DIR: localRoot, STORAGE: "s3", S3_REGION: "x" })).toThrow(
      StorageConfigError,
    );
    expect(() => createStorage({ DATA_DIR: localRoot, STORAGE: "s3", S3_REGION: "x" })).toThrow(
      /S3_BUCKET: required when STORAGE=s3/,
    );
  });

  it("builds an S3 store with path-style URLs for a custom endpoint", () => {
    const store = createStorage({
      DATA_DIR: localRoot,
      STORAGE: "s3",
      S3_BUCKET: "b",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_REGION: "us-east-1",
      S3_PREFIX: "prod",
    });
    expect(store.kind).toBe("s3");
    expect(store.location).toBe("s3://b/prod/");
  });
});
