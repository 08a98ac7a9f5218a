import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANCEL_CHANNEL } from "@layerwise/protocol";
import { queueRun, tinyModel, waitFor, waitForStatus } from "./helpers";
import { pidsWorkingIn } from "@layerwise/server-kit";
import { isAlive } from "./processes";
import { makeHarness, type THarness } from "./trainer-harness";

let h: THarness;
let redis: Redis;
beforeAll(async () => {
  h = await makeHarness();
  redis = new Redis(h.env.REDIS_URL, { maxRetriesPerRequest: null });
}, 120_000);
afterAll(async () => {
  redis?.disconnect();
  await h?.close();
}, 60_000);

/**
 * Queues a run that is still training when cancelled and waits for its first step. At 256² an
 * epoch takes seconds, as in a real run (at 32² the worker's event storage lags behind 0.1 s
 * epochs, and the run ends only once that backlog is stored).
 */
async function trainingRun() {
  const run = await queueRun(h.db, h.world, tinyModel(h.datasetId, 256), {
    dataset: h.datasetId,
    epochs: 1000,
    batch_size: 8,
  });
  const runDir = join(h.dataDir, "work", "runs", run.id);
  await waitFor(
    "the run's first training step",
    async () =>
      (await h.db.runEvent.findFirst({ where: { runId: run.id, type: "progress" } })) &&
      pidsWorkingIn(runDir).length > 0,
    120_000,
  );
  return { run, runners: pidsWorkingIn(runDir) };
}

/** Sets the cancel flag as the web app's cancel does; returns when it was set. */
async function requestCancel(runId: string) {
  await h.db.run.update({ where: { id: runId }, data: { cancelRequestedAt: new Date() } });
  return Date.now();
}

async function expectCancelledWithin(runId: string, runners: number[], asked: number, ms: number) {
  const done = await waitForStatus(h.db, runId, ["cancelled", "succeeded", "failed"], ms + 10_000);
  expect(done.status).toBe("cancelled");
  const took = Date.now() - asked;
  expect(took, `cancelled after ${took} ms`).toBeLessThan(ms);
  await waitFor("the runner processes to exit", async () => runners.every((p) => !isAlive(p)));
}

describe("cancelling a running run", () => {
  it("is read at once when announced on training:cancel, long before the next heartbeat", async () => {
    await h.start({ heartbeatMs: 15_000 });
    const { run, runners } = await trainingRun();
    // Right after a beat the next one is ~15 s away: only the message can make it in time.
    const before = (await h.db.run.findUniqueOrThrow({ where: { id: run.id } })).heartbeatAt;
    await waitFor(
      "a heartbeat",
      async () =>
        (await h.db.run.findUniqueOrThrow({ where: { id: run.id } })).heartbeatAt?.getTime() !==
        before?.getTime(),
      30_000,
    );
    const asked = await requestCancel(run.id);
    await redis.publish(CANCEL_CHANNEL, run.id);
    await expectCancelledWithin(run.id, runners, asked, 4000);
    await h.stopTrainers();
  }, 180_000);

  it("is read by the next heartbeat when no message came (Redis lost it): within 5 s", async () => {
    await h.start();
    const { run, runners } = await trainingRun();
    const asked = await requestCancel(run.id);
    await expectCancelledWithin(run.id, runners, asked, 5000);
    await h.stopTrainers();
  }, 180_000);
});
