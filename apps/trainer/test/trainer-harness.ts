import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPrismaClient } from "@layerwise/db";
import { LocalStorage } from "@layerwise/storage";
import { readTrainerEnv } from "../src/env";
import { startTrainer, type TTrainerOptions } from "../src/start-trainer";
import { makeTinyDataset, makeWorld, quietLog, suffix } from "./helpers";

/**
 * A world for one test file: its own team (the trainer's dispatcher is limited to it, so other
 * tests' runs in the shared test database are never touched), its own BullMQ prefix on the test
 * Redis, a temporary DATA_DIR as local storage, and the tiny dataset in it.
 */
export async function makeHarness() {
  const env = readTrainerEnv();
  const db = createPrismaClient(env.DATABASE_URL);
  const dataDir = await mkdtemp(join(tmpdir(), "lw-trainer-"));
  const storage = new LocalStorage(dataDir);
  const world = await makeWorld(db);
  const datasetId = await makeTinyDataset(db, storage, world.teamId);
  const prefix = `lwtest-${suffix()}`;
  const trainers: { close(): Promise<void> }[] = [];
  const options = (over: Partial<TTrainerOptions> = {}): TTrainerOptions => ({
    db,
    redisUrl: env.REDIS_URL,
    storage,
    log: quietLog,
    python: env.PYTHON,
    workDir: join(dataDir, "work"),
    concurrency: 1,
    perTeamLimit: 4,
    limits: { max_seconds: 600, max_memory_mb: 8192 },
    cpuThreads: 1,
    prefix,
    teamIds: [world.teamId],
    dispatchIntervalMs: 250,
    ...over,
  });
  return {
    env,
    db,
    dataDir,
    storage,
    world,
    datasetId,
    prefix,
    options,
    /** Starts an in-process trainer, closed by `close()`. */
    async start(over: Partial<TTrainerOptions> = {}) {
      const trainer = await startTrainer(options(over));
      trainers.push(trainer);
      return trainer;
    },
    /** Closes the trainers started so far (before their Redis goes away). */
    async stopTrainers() {
      for (const t of trainers.splice(0)) await t.close();
    },
    async close() {
      for (const t of trainers.splice(0)) await t.close();
      await db.run.deleteMany({ where: { teamId: world.teamId } });
      await db.team.delete({ where: { id: world.teamId } });
      await db.user.delete({ where: { id: world.userId } });
      await db.$disconnect();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
export type THarness = Awaited<ReturnType<typeof makeHarness>>;
