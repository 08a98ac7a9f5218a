/**
 * Test-only helper (imports vitest; never import it from library code): runs a table of cases
 * generated with torch against layer defs. Each family's `.test.ts` embeds its own table.
 */
import { expect, it } from "vitest";
import type { TParams } from "../graph/types";
import type { TLayerDef } from "../layers/types";
import { evaluateLayer } from "./evaluate-layer";

export interface TTorchCase {
  type: string;
  params: TParams;
  /** Batch-free input shapes: one shape, or several for merge layers. */
  input: number[] | number[][];
  /** Our expected refusal code where torch refuses (or misreads the batch dim as channels). */
  code?: string;
  torch: { shape: number[]; params: number } | { error: string };
}

/** One `it` per case: same shape and parameter count as torch, or a refusal with a message. */
export function runTorchTable(defs: readonly TLayerDef[], cases: readonly TTorchCase[]): void {
  const rows = cases.map(
    (c) => [`${c.type} ${JSON.stringify(c.params)} on ${JSON.stringify(c.input)}`, c] as const,
  );
  it.each(rows)("%s", (_, c) => {
    const def = defs.find((d) => d.type === c.type);
    expect(def, c.type).toBeDefined();
    const inputs = Array.isArray(c.input[0]) ? (c.input as number[][]) : [c.input as number[]];
    const r = evaluateLayer(def!, c.params, inputs);
    if (c.code !== undefined) {
      expect(r.shape).toBeNull();
      expect(r.diagnostics.map((d) => d.code)).toContain(c.code);
      const refusal = r.diagnostics.find((d) => d.code === c.code)!;
      expect(refusal.message.length).toBeGreaterThan(10);
      // Every refusal says how to fix it.
      expect(refusal.hint ?? "", refusal.message).not.toBe("");
    } else if ("shape" in c.torch) {
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(r.shape).toEqual(c.torch.shape);
      expect(r.params).toBe(c.torch.params);
    } else {
      expect(r.shape, `torch refused: ${c.torch.error}`).toBeNull();
    }
  });
}

/** Lookup and emission over one family's defs: `def(type)` and `emit(type, params, input)`. */
export function familyKit(defs: readonly TLayerDef[]): {
  def: (type: string) => TLayerDef;
  emit: (type: string, params: TParams, input: number[]) => string | null;
} {
  const def = (type: string): TLayerDef => {
    const found = defs.find((d) => d.type === type);
    if (found === undefined) throw new Error(`no ${type} in this family`);
    return found;
  };
  const emit = (type: string, params: TParams, input: number[]): string | null => {
    const d = def(type);
    const r = evaluateLayer(d, params, [input]);
    return d.toPyTorch({ nodeId: "n", params: r.resolved, inputs: [input] }).module;
  };
  return { def, emit };
}
