import { TRAINING_QUEUE } from "@layerwise/protocol";
import {
  EnvError,
  checkPostgres,
  checkRedis,
  createHealthPool,
  createHealthRedis,
  createLogger,
  healthReport,
  onShutdown,
} from "@layerwise/server-kit";
import { Worker } from "bullmq";
import { readTrainerEnv } from "./env";
import { createHealthServer } from "./health-server";
import { trainRun } from "./processors/train-run";
import { probeRuntime, runtimeStatus, type TRuntime } from "./runtime";

let env;
try {
  env = readTrainerEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const log = createLogger("trainer", env.LOG_LEVEL);
const pool = createHealthPool(env.DATABASE_URL);
const redis = createHealthRedis(env.REDIS_URL);

let runtime: TRuntime | Error = new Error("probing the Python runtime");
probeRuntime(env.PYTHON).then(
  (r) => {
    runtime = r;
    log.info("python runtime", { ...r });
  },
  (error: unknown) => {
    runtime = new Error(`${env.PYTHON} -m layerwise_trainer.device failed: ${String(error)}`);
    log.error("python runtime unavailable", { error });
  },
);

const worker = new Worker(TRAINING_QUEUE, (job) => trainRun(job, log.child({ jobId: job.id })), {
  connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
  concurrency: env.TRAINER_CONCURRENCY,
  autorun: true,
});
worker.on("error", (error) => log.error("worker error", { error }));
worker.on("failed", (job, error) => log.warn("job failed", { jobId: job?.id, error: error.message }));

const health = createHealthServer(() =>
  healthReport("trainer", {
    postgres: () => checkPostgres(pool),
    redis: () => checkRedis(redis),
    python: async () => runtimeStatus(runtime),
  }),
);
health.listen(env.TRAINER_HEALTH_PORT, () => {
  log.info("listening", { port: env.TRAINER_HEALTH_PORT, queue: TRAINING_QUEUE });
});

onShutdown(log, async () => {
  // worker.close() waits for the jobs in progress to finish, as BullMQ recommends.
  await worker.close();
  await new Promise<void>((resolve) => health.close(() => resolve()));
  redis.disconnect();
  await pool.end();
});
