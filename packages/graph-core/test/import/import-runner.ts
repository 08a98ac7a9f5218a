/**
 * Runs `graph-core import` through the real bin (as `npx graph-core import` does), with a
 * report file, for the import tests.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TModelFlow } from "../../src/graph/types";
import type { TImportReport } from "../../src/import/finish-import";

export const PACKAGE_ROOT = join(import.meta.dirname, "..", "..");
export const REPO_ROOT = join(PACKAGE_ROOT, "..", "..");
export const TEST_MODELS = join(REPO_ROOT, "apps", "trainer", "python", "tests", "import_models");
const BIN = join(PACKAGE_ROOT, "bin", "graph-core.mjs");

export interface TImportRun {
  code: number | null;
  stderr: string;
  doc?: TModelFlow;
  report?: TImportReport;
}

/** `graph-core import ARGS… -o <tmp> --report <tmp>`; the document and report when written. */
export function runImport(args: readonly string[]): Promise<TImportRun> {
  const dir = mkdtempSync(join(tmpdir(), "graph-core-import-"));
  const out = join(dir, "model.json");
  const reportFile = join(dir, "report.json");
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, "import", ...args, "-o", out, "--report", reportFile],
      {
        cwd: REPO_ROOT,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const run: TImportRun = { code, stderr };
      try {
        run.doc = JSON.parse(readFileSync(out, "utf8")) as TModelFlow;
        run.report = JSON.parse(readFileSync(reportFile, "utf8")) as TImportReport;
      } catch {
        // no document: the import failed, which the caller asserts on
      }
      resolve(run);
    });
  });
}

/** Runs `jobs` with at most `limit` at a time (each import starts a python with torch). */
export async function pooled<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const k = next++;
      results[k] = await jobs[k]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
