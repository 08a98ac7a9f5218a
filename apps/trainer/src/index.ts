import { TRAINING_QUEUE } from "@layerwise/protocol";
import {
  createDependencyHealth,
  createLogger,
  onShutdown,
  readEnvOrExit,
} from "@layerwise/server-kit";
import { Worker } from "bullmq";
import { readTrainerEnv } from "./env";
import { createHealthServer } from "./health-server";
import { trainRun } from "./processors/train-run";
import { probeRuntime, runtimeStatus, type TRuntime } from "./runtime";

const env = readEnvOrExit(readTrainerEnv);
const log = createLogger("trainer", env.LOG_LEVEL);

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
worker.on("failed", (job, error) =>
  log.warn("job failed", { jobId: job?.id, error: error.message }),
);

const dependencies = createDependencyHealth(
  "trainer",
  { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL },
  { python: async () => runtimeStatus(runtime) },
);
const health = createHealthServer(dependencies.report);
health.listen(env.TRAINER_HEALTH_PORT, () => {
  log.info("listening", { port: env.TRAINER_HEALTH_PORT, queue: TRAINING_QUEUE });
});

onShutdown(log, async () => {
  // worker.close() waits for the jobs in progress to finish, as BullMQ recommends.
  await worker.close();
  await new Promise<void>((resolve) => health.close(() => resolve()));
  await dependencies.close();
});
