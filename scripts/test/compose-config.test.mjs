import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** `docker compose` (v2 plugin) when present, else Debian's `docker-compose` (v1.29). */
function composeCommand() {
  if (spawnSync("docker", ["compose", "version"]).status === 0) return ["docker", ["compose"]];
  if (spawnSync("docker-compose", ["version"]).status === 0) return ["docker-compose", []];
  return null;
}
const compose = composeCommand();

describe.skipIf(!compose)("docker-compose.yml", () => {
  it("passes `compose config` and keeps the services, AOF, noeviction and the GPU reservation", () => {
    const [cmd, pre] = compose;
    const r = spawnSync(cmd, [...pre, "config"], { cwd: ROOT, encoding: "utf8", env: { ...process.env } });
    expect(r.stderr).not.toMatch(/invalid|error/i);
    expect(r.status).toBe(0);
    for (const service of ["postgres:", "redis:", "migrate:", "web:", "collab:", "trainer:"]) {
      expect(r.stdout).toContain(`  ${service}`);
    }
    expect(r.stdout).toMatch(/image: postgres:16/);
    expect(r.stdout).toMatch(/image: redis:7/);
    expect(r.stdout).toMatch(/--appendonly[\s\S]*yes[\s\S]*--maxmemory-policy[\s\S]*noeviction/);
    expect(r.stdout).toMatch(/driver: nvidia/);
  });
});
