import { envFields, parseEnv } from "@layerwise/server-kit";
import { z } from "zod";

const ZCollabEnv = z.object({
  DATABASE_URL: envFields.databaseUrl,
  REDIS_URL: envFields.redisUrl,
  COLLAB_SECRET: envFields.secret,
  COLLAB_PORT: envFields.port(1234),
  COLLAB_HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: envFields.logLevel,
});
export type TCollabEnv = z.infer<typeof ZCollabEnv>;

/** Reads and validates the collab server's environment (throws EnvError naming bad variables). */
export function readCollabEnv(
  source: Record<string, string | undefined> = process.env,
): TCollabEnv {
  return parseEnv("collab-server", ZCollabEnv, source);
}
