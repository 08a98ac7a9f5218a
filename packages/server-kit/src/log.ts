/** One structured log format for every service: a JSON object per line on stdout. */
export type TLogLevel = "debug" | "info" | "warn" | "error";

const RANK: Record<TLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface TLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): TLogger;
}

function serialiseError(value: unknown): unknown {
  return value instanceof Error
    ? { name: value.name, message: value.message, stack: value.stack }
    : value;
}

/**
 * Creates a logger writing `{"time","level","service","msg",...fields}` lines.
 * `write` is injectable for tests.
 */
export function createLogger(
  service: string,
  level: TLogLevel = "info",
  write: (line: string) => void = (line) => process.stdout.write(line),
  base: Record<string, unknown> = {},
): TLogger {
  const emit = (lvl: TLogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < RANK[level]) return;
    const record: Record<string, unknown> = {
      time: new Date().toISOString(),
      level: lvl,
      service,
      msg,
      ...base,
    };
    for (const [k, v] of Object.entries(fields ?? {})) record[k] = serialiseError(v);
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(service, level, write, { ...base, ...fields }),
  };
}
