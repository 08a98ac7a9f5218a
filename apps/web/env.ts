import { envFields, parseEnv } from "@layerwise/server-kit";
import { storageEnvFields } from "@layerwise/storage";
import { z } from "zod";

// An empty value (`GITHUB_ID=` in .env) means "not configured", like an absent one.
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value.trim() : undefined));

const ZWebEnv = z.object({
  DATABASE_URL: envFields.databaseUrl,
  REDIS_URL: envFields.redisUrl,
  NEXTAUTH_SECRET: envFields.secret,
  NEXTAUTH_URL: envFields.httpUrl,
  COLLAB_SECRET: envFields.secret,
  NEXT_PUBLIC_COLLAB_URL: envFields.wsUrl.default("ws://localhost:1234"),
  DATA_DIR: z.string().min(1).default(".data"),
  // Datasets and run files: the local DATA_DIR, or S3-compatible storage (STORAGE=s3, S3_*).
  ...storageEnvFields,
  LOG_LEVEL: envFields.logLevel,
  // Abuse limits per client IP: sign-in attempts per 15 minutes, new accounts per hour.
  SIGN_IN_MAX_PER_IP: z.coerce.number().int().min(1).default(50),
  SIGN_UP_MAX_PER_IP: z.coerce.number().int().min(1).default(20),
  // OAuth sign-in: each provider is switched on only when both of its variables are set.
  GITHUB_ID: optionalText,
  GITHUB_SECRET: optionalText,
  GOOGLE_ID: optionalText,
  GOOGLE_SECRET: optionalText,
});
export type TWebEnv = z.infer<typeof ZWebEnv>;

/** The schema itself, for tests that build an environment of their own. */
export const webEnvSchema = ZWebEnv;

let cached: TWebEnv | undefined;

/**
 * The web server's validated environment, read on first use (never at import time, so that
 * `next build` does not need a database). Throws EnvError naming each wrong variable.
 */
export function webEnv(): TWebEnv {
  cached ??= parseEnv("web", ZWebEnv);
  return cached;
}
