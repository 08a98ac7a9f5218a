import type { AddressInfo } from "node:net";
import {
  checkPostgres,
  checkRedis,
  createHealthPool,
  createHealthRedis,
  healthReport,
} from "@layerwise/server-kit";
import { afterAll, describe, expect, it } from "vitest";
import { readTrainerEnv } from "../src/env";
import { createHealthServer } from "../src/health-server";
import { probeRuntime, runtimeStatus } from "../src/runtime";

/** The report as it travels: every dependency present, the Python one with runtime fields. */
type TReport = {
  status: string;
  dependencies: Record<string, { ok: boolean; error?: string; torch?: string }>;
};

const env = readTrainerEnv();
const pool = createHealthPool(env.DATABASE_URL);
const redis = createHealthRedis(env.REDIS_URL);
const downPool = createHealthPool("postgresql://nobody:x@127.0.0.1:1/none");

afterAll(async () => {
  redis.disconnect();
  await pool.end();
  await downPool.end();
});

async function serve(check: Parameters<typeof healthReport>[1]) {
  const server = createHealthServer(() => healthReport("trainer", check));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("trainer health", () => {
  it("reports real Postgres, Redis and the Python runtime as healthy", async () => {
    const runtime = await probeRuntime(env.PYTHON);
    expect(runtime.torch).toMatch(/^\d+\.\d+/);
    const { url, close } = await serve({
      postgres: () => checkPostgres(pool),
      redis: () => checkRedis(redis),
      python: async () => runtimeStatus(runtime),
    });
    try {
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as TReport;
      expect(body.status).toBe("ok");
      expect(body.dependencies.postgres!.ok).toBe(true);
      expect(body.dependencies.redis!.ok).toBe(true);
      expect(body.dependencies.python!.torch).toBe(runtime.torch);
    } finally {
      await close();
    }
  });

  it("answers 503 and names the dependency that is down", async () => {
    const { url, close } = await serve({
      postgres: () => checkPostgres(downPool),
      redis: () => checkRedis(redis),
    });
    try {
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as TReport;
      expect(body.status).toBe("degraded");
      expect(body.dependencies.postgres!.ok).toBe(false);
      expect(body.dependencies.postgres!.error).toMatch(/ECONNREFUSED|connect/);
      expect(body.dependencies.redis!.ok).toBe(true);
    } finally {
      await close();
    }
  });

  it("refuses a bad REDIS_URL with a message naming it", () => {
    expect(() => readTrainerEnv({ ...process.env, REDIS_URL: "http://x" })).toThrow(
      /REDIS_URL: must be a redis:\/\/ URL/,
    );
  });
});
