import { envFields, parseEnv } from "@layerwise/server-kit";
import { z } from "zod";

const ZTrainerEnv = z.object({
  DATABASE_URL: envFields.databaseUrl,
  REDIS_URL: envFields.redisUrl,
  DATA_DIR: z.string().min(1).default(".data"),
  TRAINER_HEALTH_PORT: envFields.port(3100),
  TRAINER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
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
