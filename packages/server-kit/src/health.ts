import { Redis } from "ioredis";
import pg from "pg";

export interface TDependencyStatus {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

export interface THealthReport {
  status: "ok" | "degraded";
  service: string;
  uptimeSeconds: number;
  dependencies: Record<string, TDependencyStatus>;
}

async function timed(check: () => Promise<unknown>, timeoutMs: number): Promise<TDependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks PostgreSQL with `select 1` over a short-lived pool connection. */
export function checkPostgres(pool: pg.Pool, timeoutMs = 2000): Promise<TDependencyStatus> {
  return timed(() => pool.query("select 1"), timeoutMs);
}

/** Waits (polling, no listeners to leak) until a fresh connection finished its handshake. */
async function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (redis.status !== "ready" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  if (redis.status !== "ready") throw new Error(`not connected (${redis.status})`);
}

/** Checks Redis with PING (waiting for a fresh connection's handshake). */
export function checkRedis(redis: Redis, timeoutMs = 2000): Promise<TDependencyStatus> {
  return timed(async () => {
    await whenReady(redis, timeoutMs);
    const reply = await redis.ping();
    if (reply !== "PONG") throw new Error(`unexpected PING reply ${reply}`);
  }, timeoutMs);
}

/** Runs every check concurrently and folds them into one report. */
export async function healthReport(
  service: string,
  checks: Record<string, () => Promise<TDependencyStatus>>,
): Promise<THealthReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((n) => checks[n]!()));
  const dependencies = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
  return {
    status: results.every((r) => r.ok) ? "ok" : "degraded",
    service,
    uptimeSeconds: Math.round(process.uptime()),
    dependencies,
  };
}

/** A pg pool sized for health checks only (one connection, short timeouts). */
export function createHealthPool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 1,
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: 10_000,
  });
  pool.on("error", () => {
    // An idle connection died (server restart): the next check reports it; nothing to crash for.
  });
  return pool;
}

/** A Redis connection for health checks that never queues commands while disconnected. */
export function createHealthRedis(redisUrl: string): Redis {
  const redis = new Redis(redisUrl, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  redis.on("error", () => {
    // Reconnects on its own; the health report shows the outage.
  });
  return redis;
}

/**
 * The health report every service gives: PostgreSQL and Redis, plus service-specific checks.
 * Owns its connections; `close()` releases them on shutdown.
 */
export function createDependencyHealth(
  service: string,
  urls: { databaseUrl: string; redisUrl: string },
  extra: Record<string, () => Promise<TDependencyStatus>> = {},
): { report: () => Promise<THealthReport>; close: () => Promise<void> } {
  const pool = createHealthPool(urls.databaseUrl);
  const redis = createHealthRedis(urls.redisUrl);
  return {
    report: () =>
      healthReport(service, {
        postgres: () => checkPostgres(pool),
        redis: () => checkRedis(redis),
        ...extra,
      }),
    close: async () => {
      redis.disconnect();
      await pool.end();
    },
  };
}
