import { envFields, parseEnv } from "@layerwise/server-kit";
import { z } from "zod";

const ZOrigins = z
  .string()
  .default("http://localhost:3000,http://127.0.0.1:3000")
  .transform((value) =>
    value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

const ZCollabEnv = z.object({
  DATABASE_URL: envFields.databaseUrl,
  REDIS_URL: envFields.redisUrl,
  COLLAB_SECRET: envFields.secret,
  COLLAB_PORT: envFields.port(1234),
  COLLAB_HOST: z.string().default("0.0.0.0"),
  /** Browser origins allowed to connect (comma-separated; `*` allows any). */
  COLLAB_ALLOWED_ORIGINS: ZOrigins,
  /** Largest WebSocket message accepted; bigger ones close the connection with 1009. */
  COLLAB_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  /** New connections per client IP per minute; more are refused with HTTP 429. */
  COLLAB_MAX_CONNECTIONS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Awareness messages per connection per second (cursors move at 10 Hz). */
  COLLAB_AWARENESS_PER_SECOND: z.coerce.number().int().min(1).default(30),
  /** Use the first X-Forwarded-For address as the client IP (behind a load balancer). */
  COLLAB_TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  LOG_LEVEL: envFields.logLevel,
});
export type TCollabEnv = z.infer<typeof ZCollabEnv>;

/**
 * Reads and validates the collab server's environment (throws EnvError naming bad variables).
 * Without COLLAB_ALLOWED_ORIGINS, the web app's own origin (NEXTAUTH_URL) is allowed besides
 * localhost:3000, so `npm run up` on another port or host works without configuration.
 */
export function readCollabEnv(
  source: Record<string, string | undefined> = process.env,
): TCollabEnv {
  const withOrigins = { ...source };
  // `COLLAB_ALLOWED_ORIGINS=` in .env means "not configured", like an absent variable.
  if (!withOrigins.COLLAB_ALLOWED_ORIGINS) delete withOrigins.COLLAB_ALLOWED_ORIGINS;
  if (!withOrigins.COLLAB_ALLOWED_ORIGINS && withOrigins.NEXTAUTH_URL) {
    try {
      withOrigins.COLLAB_ALLOWED_ORIGINS = [
        new URL(withOrigins.NEXTAUTH_URL).origin,
        "http://localhost:3000",
        "http://127.0.0.1:3000",
      ].join(",");
    } catch {
      // A malformed NEXTAUTH_URL is the web app's to report; the default list applies here.
    }
  }
  return parseEnv("collab-server", ZCollabEnv, withOrigins);
}
