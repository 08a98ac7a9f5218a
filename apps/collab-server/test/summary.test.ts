import { analyze } from "@layerwise/graph-core";
import { docToModelFlow, setParam } from "@layerwise/model-doc";
import type { TDashboardSummary } from "@layerwise/model-summary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, makeWorld, startServer, testDb, tokenFor, type TRunning } from "./harness";

/*
 * Server-side graph-core: while people edit, the collab server keeps Project.summary (what the
 * dashboard shows) equal to graph-core's analysis of the live document.
 */
let running: TRunning;

beforeAll(async () => {
  running = await startServer({ summaryMs: 100 });
});
afterAll(async () => {
  await running.stop();
  await testDb().$disconnect();
});

describe("live summary", () => {
  it("follows the edits: params, error counts and the thumbnail", async () => {
    const { editor, project } = await makeWorld();
    const c = connect(running.url, project.id, await tokenFor(editor, project.id, "editor"));
    const stored = async () =>
      (await testDb().project.findUniqueOrThrow({ where: { id: project.id } }))
        .summary as unknown as TDashboardSummary | null;
    try {
      await expect.poll(() => c.doc.getMap("nodes").size, { timeout: 10_000 }).toBeGreaterThan(0);
      setParam(c.doc, "c1", "out_channels", 12);
      const expected = analyze(docToModelFlow(c.doc)).totalParams;
      expect(expected).not.toBe(61_706);
      await expect
        .poll(async () => (await stored())?.summary.totalParams, { timeout: 30_000 })
        .toBe(expected);
      // A kernel larger than its input is an error the dashboard must count.
      setParam(c.doc, "c3", "kernel_size", 40);
      await expect
        .poll(async () => (await stored())?.summary.errorCount, { timeout: 10_000 })
        .toBeGreaterThan(0);
      const summary = (await stored())!;
      expect(summary.thumbnail.nodes.find((n) => n.id === "c3")?.hasError).toBe(true);
      const row = await testDb().project.findUniqueOrThrow({ where: { id: project.id } });
      expect(row.summarySeq).toBe(row.logSeq);
    } finally {
      c.destroy();
    }
  });
});
