import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyModel, queueRun, waitFor, waitForStatus } from "./helpers";
import { makeHarness, type THarness } from "./trainer-harness";

let h: THarness;
beforeAll(async () => {
  h = await makeHarness();
  await h.start();
}, 120_000);
afterAll(async () => h?.close(), 60_000);

describe("the worker trains a queued run", () => {
  it("stores every event and epoch, writes the artifacts, and succeeds with a sensible IoU", async () => {
    const run = await queueRun(h.db, h.world, tinyModel(h.datasetId), {
      dataset: h.datasetId,
      epochs: 2,
      batch_size: 8,
      lr: 0.02,
    });
    const done = await waitForStatus(h.db, run.id, ["succeeded", "failed", "cancelled"], 150_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    expect(done.torchVersion).toMatch(/^2\.\d+/);
    expect(done.device).toMatch(/^cpu|cuda/);
    expect(done.epochsDone).toBe(2);
    expect(done.bestMetric).toBeGreaterThan(0.3);
    expect(done.durationMs).toBeGreaterThan(0);

    const epochs = await h.db.runEpoch.findMany({
      where: { runId: run.id },
      orderBy: { epoch: "asc" },
    });
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of epochs) {
      expect(e.valIou).toBeGreaterThanOrEqual(0);
      expect(e.valIou).toBeLessThanOrEqual(1);
      expect(e.imagesPerS).toBeGreaterThan(0);
      expect(e.lr).toBeGreaterThan(0);
    }

    const events = await h.db.runEvent.findMany({
      where: { runId: run.id },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("status");
    for (const t of ["start", "progress", "epoch", "checkpoint", "end"]) expect(types).toContain(t);
    expect(events.at(-1)).toMatchObject({ type: "status", data: { status: "succeeded" } });

    for (const name of [
      "model.py",
      "best.pt",
      "final.pt",
      "model.onnx",
      "metrics.csv",
      "log.txt",
    ]) {
      const stored = await h.storage.stat(`runs/${run.id}/${name}`);
      expect(stored, name).not.toBeNull();
      expect(stored!.size, name).toBeGreaterThan(0);
    }
    const source = (await h.storage.read(`runs/${run.id}/model.py`))!.toString();
    expect(source).toContain("class Tiny(nn.Module)");
  }, 180_000);

  it("fails an invalid model at once with the graph-core error, never retried", async () => {
    const model = tinyModel(h.datasetId);
    // A 3-channel Conv2d output reaching a binary-segmentation Output is a task mismatch.
    model.nodes[3]!.params = { out_channels: 3, kernel_size: 1 };
    const run = await queueRun(h.db, h.world, model, { dataset: h.datasetId, epochs: 1 });
    const done = await waitForStatus(h.db, run.id, ["failed", "succeeded"], 60_000);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/task-mismatch/);
    expect(done.attempt).toBe(1);
    const events = await waitFor("the failure event", async () => {
      const rows = await h.db.runEvent.findMany({ where: { runId: run.id, type: "error" } });
      return rows.length > 0 ? rows : undefined;
    });
    expect(JSON.stringify(events[0]!.data)).toMatch(/binary segmentation needs 1 output channel/);
  }, 90_000);
});
