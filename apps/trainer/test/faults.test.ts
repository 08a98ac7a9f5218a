import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRAINING_QUEUE } from "@layerwise/protocol";
import { createDispatcher } from "../src/dispatch/dispatcher";
import { registerWorker } from "../src/dispatch/worker-registry";
import { quietLog, queueRun, tinyModel, waitFor, waitForStatus } from "./helpers";
import { pidsWorkingIn } from "@layerwise/server-kit";
import { freePort, isAlive, killAndWait, spawnTrainer, startRedis } from "./processes";
import { makeHarness, type THarness } from "./trainer-harness";

let h: THarness;
const children: ChildProcess[] = [];
beforeAll(async () => {
  h = await makeHarness();
}, 120_000);
afterAll(async () => {
  for (const child of children) await killAndWait(child);
  await h?.close();
}, 60_000);

describe("a worker killed with SIGKILL mid-run", () => {
  it("takes its runner with it, and the run resumes from its checkpoint on another worker", async () => {
    const worker = spawnTrainer({
      DATA_DIR: h.dataDir,
      TRAINER_QUEUE_PREFIX: h.prefix,
      TRAINER_TEAMS: h.world.teamId,
      TRAINER_HEALTH_PORT: String(await freePort()),
      TRAINER_CPU_THREADS: "1",
    });
    children.push(worker);
    // Enough epochs that the runner is still training after its first checkpoint, however fast
    // the machine (3 tiny epochs finished before the test could look for the runner).
    const EPOCHS = 40;
    const run = await queueRun(h.db, h.world, tinyModel(h.datasetId), {
      dataset: h.datasetId,
      epochs: EPOCHS,
      batch_size: 8,
    });
    const runDir = join(h.dataDir, "work", "runs", run.id);
    await waitFor(
      "the first epoch's checkpoint, with the runner still training",
      async () =>
        (await h.db.runEvent.findFirst({ where: { runId: run.id, type: "checkpoint" } })) &&
        pidsWorkingIn(runDir).length > 0,
      150_000,
    );
    const runners = pidsWorkingIn(runDir);
    expect(runners.length).toBeGreaterThan(0);

    await killAndWait(worker, "SIGKILL");
    // The runner must not keep training (and holding the device) for a dead worker.
    await waitFor(
      "the runner to die with its worker",
      async () => runners.every((p) => !isAlive(p)),
      5000,
    );
    expect((await h.db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("running");

    await h.start();
    const done = await waitForStatus(h.db, run.id, ["succeeded", "failed", "cancelled"], 240_000);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect(done.attempt).toBe(2);
    const starts = await h.db.runEvent.findMany({
      where: { runId: run.id, type: "start" },
      orderBy: { seq: "asc" },
    });
    expect(starts).toHaveLength(2);
    const resumed = starts[1]!.data as { start_epoch?: number; resumed_from_epoch?: number };
    // The second attempt starts after the checkpointed epoch, not from scratch.
    expect(resumed.start_epoch ?? (resumed.resumed_from_epoch ?? 0) + 1).toBeGreaterThanOrEqual(2);
    const epochs = await h.db.runEpoch.findMany({
      where: { runId: run.id },
      orderBy: { epoch: "asc" },
    });
    const log = await h.db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } });
    const story = log
      .filter((e) => e.type !== "progress")
      .map((e) => `${e.type}:${JSON.stringify(e.data).slice(0, 160)}`)
      .join("\n");
    expect(
      epochs.map((e) => e.epoch),
      story,
    ).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    await h.stopTrainers();
  }, 420_000);
});

describe("a Redis restart with runs queued", () => {
  it("loses no run: the reconciler re-enqueues what Postgres says is queued", async () => {
    const port = await freePort();
    const redisUrl = `redis://127.0.0.1:${port}`;
    let redisServer = await startRedis(port);
    children.push(redisServer);
    const runs = [];
    for (let i = 0; i < 2; i++)
      runs.push(
        await queueRun(h.db, h.world, tinyModel(h.datasetId), { dataset: h.datasetId, epochs: 1 }),
      );
    // Hand both runs to BullMQ with no worker to take them: a pool that announced 2 slots.
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(TRAINING_QUEUE, {
      connection: { url: redisUrl },
      prefix: `${h.prefix}-r`,
    });
    const slots = registerWorker(redis, `${h.prefix}-r`, "gone-worker", 2);
    const dispatcher = createDispatcher({
      db: h.db,
      redis,
      queue,
      storage: h.storage,
      log: quietLog,
      prefix: `${h.prefix}-r`,
      perTeamLimit: 4,
      lostMs: 30_000,
      maxAttempts: 3,
      teamIds: [h.world.teamId],
    });
    await waitFor("a dispatch", async () => (await dispatcher.tick()).dispatched === 2);
    for (const run of runs) expect(await queue.getJob(run.id)).toBeDefined();
    await slots.stop();
    await queue.close();
    redis.disconnect();

    await killAndWait(redisServer, "SIGKILL");
    redisServer = await startRedis(port);
    children.push(redisServer);
    const fresh = new Queue(TRAINING_QUEUE, {
      connection: { url: redisUrl },
      prefix: `${h.prefix}-r`,
    });
    for (const run of runs) expect(await fresh.getJob(run.id)).toBeUndefined();
    await fresh.close();

    await h.start({ redisUrl, prefix: `${h.prefix}-r` });
    for (const run of runs) {
      const done = await waitForStatus(h.db, run.id, ["succeeded", "failed", "cancelled"], 240_000);
      expect(done.status, done.error ?? "").toBe("succeeded");
    }
    await h.stopTrainers();
  }, 480_000);
});
