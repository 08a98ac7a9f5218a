/**
 * Runs generated PyTorch modules with the real python3 + torch and returns what torch reports.
 * One python process per batch of files: importing torch dominates the cost.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TTorchResult {
  file: string;
  ok: boolean;
  params?: number;
  shapes?: number[][];
  error?: string;
  trace?: string;
}

/**
 * Same switch as the differential test: LAYERWISE_SKIP_TORCH=1 skips the python-executing
 * suites on a machine without torch (visibly, as skipped tests — never silently passed).
 */
export const SKIP_TORCH = process.env["LAYERWISE_SKIP_TORCH"] === "1";

const RUNNER = join(import.meta.dirname, "run_models.py");

/** Writes each source to a temp dir, runs them all in one python process, results in order. */
export function runInTorch(sources: readonly string[]): TTorchResult[] {
  if (SKIP_TORCH || sources.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), "layerwise-codegen-"));
  const files = sources.map((src, i) => {
    const file = join(dir, `model_${i}.py`);
    writeFileSync(file, src);
    return file;
  });
  const out = execFileSync("python3", [RUNNER, ...files], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as TTorchResult);
}
