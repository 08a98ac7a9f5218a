import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs `npm run up`'s script with extra env; returns exit code, output and seconds taken. */
function up(env) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ["scripts/up.mjs"], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return {
    status: r.status,
    out: `${r.stdout}${r.stderr}`,
    seconds: (Date.now() - started) / 1000,
  };
}

describe("npm run up when a dependency cannot be had", () => {
  it("stops within seconds, names the unreachable PostgreSQL and how to fix it, no stack trace", () => {
    const r = up({ DATABASE_URL: "postgresql://layerwise:x@db.invalid:5432/layerwise" });
    expect(r.status).toBe(1);
    expect(r.seconds).toBeLessThan(15);
    expect(r.out).toContain("PostgreSQL is not reachable at db.invalid:5432 (DATABASE_URL).");
    expect(r.out).toMatch(/point DATABASE_URL at a running one/);
    expect(r.out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it("rejects a DATABASE_URL that is not a postgres URL with a clear message", () => {
    const r = up({ DATABASE_URL: "mysql://localhost/layerwise" });
    expect(r.status).toBe(1);
    expect(r.out).toContain("DATABASE_URL must start with postgresql://");
    expect(r.out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it("names an unreachable remote Redis", () => {
    // Postgres is the live test server here; Redis points nowhere.
    const r = up({ REDIS_URL: "redis://redis.invalid:6379" });
    expect(r.status).toBe(1);
    expect(r.out).toContain("Redis is not reachable at redis.invalid:6379 (REDIS_URL).");
  });
});
