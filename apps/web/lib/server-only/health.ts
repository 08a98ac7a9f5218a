import "server-only";
import {
  checkPostgres,
  checkRedis,
  createHealthPool,
  createHealthRedis,
  healthReport,
  type THealthReport,
} from "@layerwise/server-kit";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import { webEnv } from "@/env";

let clients: { pool: Pool; redis: Redis } | undefined;

/** Health-check connections, created on first use and kept for the process's life. */
function healthClients(): { pool: Pool; redis: Redis } {
  if (!clients) {
    const env = webEnv();
    clients = { pool: createHealthPool(env.DATABASE_URL), redis: createHealthRedis(env.REDIS_URL) };
  }
  return clients;
}

/** The web app's dependency report for GET /api/health. */
export function webHealth(): Promise<THealthReport> {
  const { pool, redis } = healthClients();
  return healthReport("web", {
    postgres: () => checkPostgres(pool),
    redis: () => checkRedis(redis),
  });
}
