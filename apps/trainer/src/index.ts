import { resolve } from "node:path";
import { createPrismaClient } from "@layerwise/db";
import { TRAINING_QUEUE } from "@layerwise/protocol";
import {
  createDependencyHealth,
  createLogger,
  onShutdown,
  readEnvOrExit,
} from "@layerwise/server-kit";
import { StorageConfigError, createStorage } from "@layerwise/storage";
import { readTrainerEnv } from "./env";
import { createHealthServer } from "./health-server";
import { probeRuntime, runtimeStatus, type TRuntime } from "./runtime";
import { defaultWorkDir, startTrainer } from "./start-trainer";

const env = readEnvOrExit(readTrainerEnv);
const log = createLogger("trainer", env.LOG_LEVEL);

let runtime: TRuntime | Error = new Error("probing the Python runtime");
try {
  runtime = await probeRuntime(env.PYTHON);
  log.info("python runtime", { ...runtime });
} catch (error) {
  runtime = new Error(`${env.PYTHON} -m layerwise_trainer.device failed: ${String(error)}`);
  log.error("python runtime unavailable", { error });
}
// One run per GPU this host has (1 on a CPU host), unless TRAINER_CONCURRENCY says otherwise.
const gpus = runtime instanceof Error || !runtime.cuda ? 0 : runtime.devices.length;
const concurrency = env.TRAINER_CONCURRENCY ?? Math.max(1, gpus);

const db = createPrismaClient(env.DATABASE_URL);
const storage = (() => {
  try {
    return createStorage(env);
  } catch (error) {
    if (!(error instanceof StorageConfigError)) throw error;
    console.error(`trainer: ${error.message}`);
    return process.exit(1);
  }
})();
const trainer = await startTrainer({
  db,
  redisUrl: env.REDIS_URL,
  storage,
  log,
  python: env.PYTHON,
  workDir: resolve(env.TRAINER_WORK_DIR ?? defaultWorkDir(env.DATA_DIR)),
  concurrency,
  perTeamLimit: env.TRAINING_MAX_RUNNING_PER_TEAM,
  limits: { max_seconds: env.RUN_MAX_SECONDS, max_memory_mb: env.RUN_MAX_MEMORY_MB },
  cpuThreads: env.TRAINER_CPU_THREADS,
  prefix: env.TRAINER_QUEUE_PREFIX,
  teamIds: env.TRAINER_TEAMS,
  spareRunner: env.TRAINER_SPARE_RUNNER,
});

const dependencies = createDependencyHealth(
  "trainer",
  { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL },
  { python: async () => runtimeStatus(runtime) },
);
const health = createHealthServer(dependencies.report);
health.listen(env.TRAINER_HEALTH_PORT, () => {
  log.info("listening", {
    port: env.TRAINER_HEALTH_PORT,
    queue: TRAINING_QUEUE,
    workerId: trainer.workerId,
    concurrency,
    storage: storage.location,
  });
});

onShutdown(log, async () => {
  // Running runs are stopped and re-queued; another worker resumes them from their checkpoint.
  await trainer.close();
  await new Promise<void>((r) => health.close(() => r()));
  await dependencies.close();
  await storage.close();
  await db.$disconnect();
});
