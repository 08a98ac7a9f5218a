import { envFields, parseEnv } from "@layerwise/server-kit";
import { storageEnvFields } from "@layerwise/storage";
import { z } from "zod";

// `.env.example` lists optional variables as `NAME=`: an empty value means "not set".
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema);

const ZTrainerEnv = z.object({
  DATABASE_URL: envFields.databaseUrl,
  REDIS_URL: envFields.redisUrl,
  DATA_DIR: z.string().min(1).default(".data"),
  ...storageEnvFields,
  TRAINER_HEALTH_PORT: envFields.port(3100),
  /** Runs at once on this host; unset = one per CUDA device, 1 on a CPU-only host. */
  TRAINER_CONCURRENCY: unsetIfEmpty(z.coerce.number().int().min(1).max(16).optional()),
  /** Runs of one team that may train at the same time across all workers. */
  TRAINING_MAX_RUNNING_PER_TEAM: z.coerce.number().int().min(1).max(1000).default(2),
  /** Local scratch for run directories and the dataset cache (default `$DATA_DIR/work`). */
  TRAINER_WORK_DIR: unsetIfEmpty(z.string().min(1).optional()),
  /** Wall-clock and memory limits of one runner process. */
  RUN_MAX_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .default(6 * 3600),
  RUN_MAX_MEMORY_MB: z.coerce.number().int().min(256).default(16_384),
  /** Keep a runner started ahead of the next run ("1", the default) or start each on demand ("0"). */
  TRAINER_SPARE_RUNNER: z
    .enum(["0", "1"])
    .default("1")
    .transform((v) => v === "1"),
  /** CPU threads per run on a CPU host (torch.set_num_threads); unset = torch's default. */
  TRAINER_CPU_THREADS: unsetIfEmpty(z.coerce.number().int().min(1).max(256).optional()),
  /** BullMQ key prefix: workers sharing it form one pool (default "bull"). */
  TRAINER_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("bull"),
  /** Dispatch only these teams' runs (comma-separated ids): a pool dedicated to some teams. */
  TRAINER_TEAMS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    ),
  PYTHON: z.string().min(1).default("python3"),
  LOG_LEVEL: envFields.logLevel,
});
export type TTrainerEnv = z.infer<typeof ZTrainerEnv>;

/** Reads and validates the trainer's environment (throws EnvError naming bad variables). */
export function readTrainerEnv(
  source: Record<string, string | undefined> = process.env,
): TTrainerEnv {
  return parseEnv("trainer", ZTrainerEnv, source);
}
