import { join } from "node:path";
import { pidsWorkingIn } from "@layerwise/server-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueRun, tinyModel, waitFor, waitForStatus } from "./helpers";
import { isAlive } from "./processes";
import { makeHarness, type THarness } from "./trainer-harness";

let h: THarness;
beforeAll(async () => {
  h = await makeHarness();
}, 120_000);
afterAll(async () => h?.close(), 60_000);

describe("a trainer with a spare runner", () => {
  it("trains each run in the runner it started ahead, starts the next one after it, and stops it on close", async () => {
    const trainer = await h.start({ spareRunner: true });
    const workDir = join(h.dataDir, "work");
    expect(await trainer.runnersReady()).toBe(true);
    const first = pidsWorkingIn(workDir);
    expect(first).toHaveLength(1);
    let spare = first[0]!;

    for (const round of [1, 2]) {
      // At 256² an epoch takes seconds: long enough to see which process trains it.
      const run = await queueRun(h.db, h.world, tinyModel(h.datasetId, 256), {
        dataset: h.datasetId,
        epochs: 2,
        batch_size: 8,
      });
      const runDir = join(workDir, "runs", run.id);
      await waitFor(
        `round ${round}: the spare training the run`,
        async () => pidsWorkingIn(runDir).includes(spare),
        120_000,
      );
      expect(pidsWorkingIn(workDir), "no second spare while a run trains").toEqual([]);
      const done = await waitForStatus(h.db, run.id, ["succeeded", "failed", "cancelled"], 180_000);
      expect(done.status, done.error ?? "").toBe("succeeded");
      expect(done.epochsDone).toBe(2);
      expect(isAlive(spare)).toBe(false);

      // The next run's spare, started once the cores are free again.
      await waitFor("the next spare, ready", () => trainer.runnersReady());
      const next = pidsWorkingIn(workDir);
      expect(next).toHaveLength(1);
      expect(next[0]).not.toBe(spare);
      spare = next[0]!;
    }

    await h.stopTrainers();
    expect(isAlive(spare)).toBe(false);
  }, 480_000);
});
