import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
    const r = spawnSync(cmd, [...pre, "config"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env },
    });
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

describe("Dockerfile", () => {
  it("copies every workspace's package.json before `npm ci`, so the image installs them all", () => {
    const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    const beforeInstall = dockerfile.slice(0, dockerfile.indexOf("RUN npm ci"));
    const workspaces = ["apps", "packages"].flatMap((dir) =>
      readdirSync(join(ROOT, dir))
        .filter((name) => existsSync(join(ROOT, dir, name, "package.json")))
        .map((name) => `${dir}/${name}`),
    );
    workspaces.push("prisma");
    for (const ws of workspaces) {
      expect(beforeInstall, `Dockerfile misses COPY ${ws}/package.json`).toContain(
        `COPY ${ws}/package.json ${ws}/`,
      );
    }
  });
});
