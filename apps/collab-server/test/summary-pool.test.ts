import { loadTemplate } from "@layerwise/graph-core";
import { encodeNewModelState } from "@layerwise/model-doc";
import { createLogger } from "@layerwise/server-kit";
import { afterAll, describe, expect, it } from "vitest";
import { computeSummary } from "../src/summary-compute";
import { createSummaryComputer } from "../src/summary-pool";

/* The summary hook's worker thread: the same summaries as graph-core inline, off the loop. */
const computer = createSummaryComputer(createLogger("summary-pool-test", "error"));
afterAll(() => computer.close());

describe("summary worker", () => {
  it("computes what graph-core computes inline while the event loop keeps turning", async () => {
    const state = encodeNewModelState(loadTemplate("resnet18"));
    let turns = 0;
    let done = false;
    const tick = () => {
      turns += 1;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const summary = await computer.compute(state);
    done = true;
    expect(summary).toBe(computeSummary(state));
    expect(JSON.parse(summary!).summary.totalParams).toBeGreaterThan(10_000_000);
    // Computed on this thread, the analysis would have run without a single turn in between.
    expect(turns).toBeGreaterThan(0);
  });

  it("answers null for bytes that are not a document, and keeps serving", async () => {
    expect(await computer.compute(new Uint8Array([255, 255, 255, 255, 1]))).toBeNull();
    const lenet = encodeNewModelState(loadTemplate("lenet5"));
    expect(await computer.compute(lenet)).toBe(computeSummary(lenet));
  });
});
