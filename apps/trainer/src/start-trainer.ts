import { hostname } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@layerwise/db";
import { CANCEL_CHANNEL, DISPATCH_CHANNEL, TRAINING_QUEUE } from "@layerwise/protocol";
import type { TLogger } from "@layerwise/server-kit";
import type { TStorage } from "@layerwise/storage";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { createDispatcher } from "./dispatch/dispatcher";
import { registerWorker } from "./dispatch/worker-registry";
import { MAX_ATTEMPTS, trainRun } from "./processors/train-run";
import { createRunnerLauncher } from "./runs/runner-process";
import type { TTrainerContext } from "./runs/context";

export interface TTrainerOptions {
  db: PrismaClient;
  redisUrl: string;
  storage: TStorage;
  log: TLogger;
  python: string;
  workDir: string;
  concurrency: number;
  perTeamLimit: number;
  limits: TTrainerContext["limits"];
  cpuThreads?: number;
  /** BullMQ key prefix: one pool of workers per prefix ("bull" by default). */
  prefix?: string;
  /** Restrict the dispatcher to these teams (a dedicated pool). */
  teamIds?: string[];
  /**
   * The dispatcher's timer (5 s by default). Queued runs and freed slots wake it through
   * `training:dispatch` at once; the timer only catches what no message announced (jobs Redis
   * lost, dead workers, another host's new slots), so it need not wake the training's cores often.
   */
  dispatchIntervalMs?: number;
  /** A running run's heartbeat (2 s by default; a cancel announced on Redis is read at once). */
  heartbeatMs?: number;
  /**
   * Keep one runner started ahead of the next run (Python and torch imported, 3–4 s on a small
   * CPU), so Train → first step does not wait for them. Off by default (tests start many
   * trainers); the trainer process turns it on unless TRAINER_SPARE_RUNNER=0.
   */
  spareRunner?: boolean;
}

/**
 * Starts a trainer: the BullMQ worker (lock renewed every few seconds, so a dead worker's job is
 * re-delivered within ~15 s by BullMQ's stalled-job check), its slot announcement, and the
 * dispatcher/reconciler loop woken by `training:dispatch` messages and a timer.
 */
export async function startTrainer(o: TTrainerOptions) {
  const prefix = o.prefix ?? "bull";
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const connection = { url: o.redisUrl, maxRetriesPerRequest: null };
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const subscriber = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(TRAINING_QUEUE, { connection, prefix });
  // While Redis is away these reconnect on their own; log instead of an unhandled error.
  for (const client of [redis, subscriber, queue])
    client.on("error", (error: Error) => o.log.warn("redis unavailable", { error: error.message }));
  const runners = createRunnerLauncher({
    python: o.python,
    workDir: o.workDir,
    spare: o.spareRunner ?? false,
  });
  const ctx: TTrainerContext = {
    db: o.db,
    redis,
    storage: o.storage,
    log: o.log,
    python: o.python,
    workerId,
    workDir: o.workDir,
    limits: o.limits,
    cpuThreads: o.cpuThreads,
    heartbeatMs: o.heartbeatMs ?? 2000,
    staleMs: 10_000,
    killGraceMs: 2500,
    runners,
    active: new Map(),
  };
  const worker = new Worker(TRAINING_QUEUE, (job) => trainRun(job, ctx), {
    connection,
    prefix,
    concurrency: o.concurrency,
    lockDuration: 10_000,
    stalledInterval: 5000,
    maxStalledCount: 2,
  });
  worker.on("error", (error) => o.log.error("worker error", { error }));
  worker.on("failed", (job, error) =>
    o.log.warn("job failed", { jobId: job?.id, error: error.message }),
  );
  const registration = registerWorker(redis, prefix, workerId, o.concurrency);
  const dispatcher = createDispatcher({
    db: o.db,
    redis,
    queue,
    storage: o.storage,
    log: o.log,
    prefix,
    perTeamLimit: o.perTeamLimit,
    lostMs: 30_000,
    maxAttempts: MAX_ATTEMPTS,
    teamIds: o.teamIds,
  });
  let ticking: Promise<unknown> | null = null;
  let again = false;
  const tick = () => {
    if (ticking) {
      again = true; // one more round after this one: the message may be about a newer run
      return;
    }
    ticking = dispatcher
      .tick()
      .catch((error: unknown) => o.log.warn("dispatch failed", { error: String(error) }))
      .finally(() => {
        ticking = null;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  await subscriber.subscribe(DISPATCH_CHANNEL, CANCEL_CHANNEL);
  subscriber.on("message", (channel: string, message: string) => {
    if (channel === CANCEL_CHANNEL) ctx.active.get(message)?.checkNow();
    else tick();
  });
  const timer = setInterval(tick, o.dispatchIntervalMs ?? 5000);
  worker.on("completed", tick);
  worker.on("failed", tick);
  tick();
  runners.warm();

  return {
    workerId,
    queue,
    worker,
    /** Resolves once the spare runner (if enabled) is ready to take a run. */
    runnersReady: () => runners.ready(),
    /** Graceful stop: running runs are interrupted and re-queued (they resume elsewhere). */
    async close(): Promise<void> {
      clearInterval(timer);
      subscriber.removeAllListeners("message");
      for (const run of ctx.active.values()) run.stop("shutdown");
      await worker.close();
      await runners.close();
      await ticking;
      await registration.stop();
      await queue.close();
      await subscriber.quit().catch(() => undefined);
      await redis.quit().catch(() => undefined);
    },
  };
}

/** The run directories and dataset cache live here unless TRAINER_WORK_DIR says otherwise. */
export const defaultWorkDir = (dataDir: string) => join(dataDir, "work");
