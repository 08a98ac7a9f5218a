/**
 * Plausibility: graph-level warnings with an estimate when a model cannot fit the device it will
 * train on — too many parameters (10⁹ output channels) or one sample's activations (a
 * 3×100000×100000 input). Torch would only fail late, with an out-of-memory error.
 */
import type { TDiagnostic, TNodeAnalysis } from "./types";

/** Options of `analyze` / `createAnalyzer`. */
export interface TAnalysisOptions {
  /** Memory of the device the model trains on, in bytes (default 16 GiB). */
  deviceMemoryBytes?: number;
}

/** 16 GiB: a common training GPU (V100/T4 class); a model past it needs a second look anyway. */
export const DEFAULT_DEVICE_MEMORY = 16 * 2 ** 30;

/** float32 weights + their gradients + Adam's two moments: what training holds per parameter. */
const TRAINING_BYTES_PER_PARAM = 16;

/** The device memory an options object asks for (the default when absent or not a size). */
export function deviceMemoryOf(options: TAnalysisOptions | undefined): number {
  const m = options?.deviceMemoryBytes;
  return typeof m === "number" && Number.isFinite(m) && m > 0 ? m : DEFAULT_DEVICE_MEMORY;
}

/** `1234567` → `1,234,567`, exact for any integer (beyond 2^53 through BigInt, no `1e+21`). */
export function formatExactCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = BigInt(Math.round(n)).toString();
  const neg = digits.startsWith("-");
  const body = neg ? digits.slice(1) : digits;
  const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return neg ? `-${grouped}` : grouped;
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"] as const;

/** `17179869184` → `16 GiB`; three significant digits, binary units. */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const text = v >= 100 || u === 0 ? Math.round(v).toString() : v.toPrecision(3);
  return `${Number(text).toLocaleString("en-US", { maximumFractionDigits: 2 })} ${BYTE_UNITS[u]}`;
}

/** The node with the largest value of `key` (its id and value), for naming the main culprit. */
function largest(
  nodes: ReadonlyMap<string, TNodeAnalysis>,
  key: "params" | "activationBytes",
): [string, number] | null {
  let best: [string, number] | null = null;
  for (const [id, r] of nodes) if (best === null || r[key] > best[1]) best = [id, r[key]];
  return best;
}

/**
 * `too-many-params` and `activation-memory` for these totals against the device memory.
 * Returns null when the model fits (the common case, checked in O(1); the culprit is looked up
 * only when a warning fires).
 */
export function plausibilityDiagnostics(
  totalParams: number,
  totalActivationBytes: number,
  nodes: ReadonlyMap<string, TNodeAnalysis>,
  options: TAnalysisOptions | undefined,
): TDiagnostic[] | null {
  const memory = deviceMemoryOf(options);
  const training = totalParams * TRAINING_BYTES_PER_PARAM;
  let out: TDiagnostic[] | null = null;
  if (training > memory) {
    const top = largest(nodes, "params");
    const culprit =
      top === null ? "" : `; "${top[0]}" alone has ${formatExactCount(top[1])} parameters`;
    (out ??= []).push({
      code: "too-many-params",
      severity: "warning",
      message: `The model has ${formatExactCount(totalParams)} parameters: ${formatBytes(totalParams * 4)} of float32 weights, about ${formatBytes(training)} to train (weights, gradients and Adam's two moments), more than the ${formatBytes(memory)} device memory${culprit}`,
      hint: "Check the channel and feature counts for a typo (an extra zero); real models of this size are split across many devices.",
    });
  }
  if (totalActivationBytes > memory) {
    const top = largest(nodes, "activationBytes");
    const culprit = top === null ? "" : `; "${top[0]}" alone outputs ${formatBytes(top[1])}`;
    (out ??= []).push({
      code: "activation-memory",
      severity: "warning",
      message: `One sample's activations take about ${formatBytes(totalActivationBytes)} (float32, kept for the backward pass), more than the ${formatBytes(memory)} device memory: not even a batch of 1 fits${culprit}`,
      hint: "Use a smaller input size (resize or crop the images), or downsample earlier (a stride-2 conv or pool near the input).",
    });
  }
  return out;
}
