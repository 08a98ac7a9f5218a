import { z } from "zod";

/** An environment that failed validation: the message names every bad variable. */
export class EnvError extends Error {
  override name = "EnvError";
}

/**
 * Validates `source` (usually `process.env`) against `schema`. Throws EnvError whose message
 * lists each wrong variable with what was expected, e.g.
 * `REDIS_URL: must be a redis:// URL (got "localhost")`.
 */
export function parseEnv<TShape extends z.ZodRawShape>(
  service: string,
  schema: z.ZodObject<TShape>,
  source: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<TShape>> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join(".");
    const got = source[key];
    const shown =
      got === undefined
        ? "not set"
        : `got ${JSON.stringify(got.length > 60 ? `${got.slice(0, 57)}…` : got)}`;
    return `  ${key}: ${issue.message} (${shown})`;
  });
  return failEnv(`${service}: invalid environment\n${lines.join("\n")}\nSee .env.example.`);
}

function failEnv(message: string): never {
  throw new EnvError(message);
}

const urlWithProtocol = (protocols: string[], what: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a ${what} URL` },
  );

/** Field validators shared by every service's env schema. */
export const envFields = {
  databaseUrl: urlWithProtocol(["postgres:", "postgresql:"], "postgresql://"),
  redisUrl: urlWithProtocol(["redis:", "rediss:"], "redis://"),
  httpUrl: urlWithProtocol(["http:", "https:"], "http(s)://"),
  wsUrl: urlWithProtocol(["ws:", "wss:"], "ws(s)://"),
  secret: z.string().min(32, { message: "must be at least 32 characters" }),
  port: (fallback: number) =>
    z.coerce
      .number({ message: "must be a port number" })
      .int({ message: "must be a whole number" })
      .min(1, { message: "must be between 1 and 65535" })
      .max(65535, { message: "must be between 1 and 65535" })
      .default(fallback),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
};

/**
 * Reads a service's environment at start; on EnvError prints the message (which names each bad
 * variable) and exits 1, so a misconfigured service never starts half-way.
 */
export function readEnvOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    return process.exit(1);
  }
}
