import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TDependencyStatus } from "@layerwise/server-kit";

const run = promisify(execFile);
const PYTHON_DIR = fileURLToPath(new URL("../python", import.meta.url));

export interface TRuntime {
  python: string;
  torch: string;
  cuda: boolean;
  devices: { index: number; name: string; memory_gb: number }[];
  default_device: string;
}

/**
 * Asks the Python runner what this host trains with (torch version, CUDA devices). Probed once
 * at start: it costs a second of torch import, and the answer cannot change while we run.
 */
export async function probeRuntime(python: string): Promise<TRuntime> {
  const { stdout } = await run(python, ["-m", "layerwise_trainer.device"], {
    cwd: PYTHON_DIR,
    timeout: 60_000,
  });
  return JSON.parse(stdout) as TRuntime;
}

/** The health entry for the Python runtime. */
export function runtimeStatus(runtime: TRuntime | Error): TDependencyStatus & Partial<TRuntime> {
  return runtime instanceof Error
    ? { ok: false, error: runtime.message }
    : { ok: true, ...runtime };
}
