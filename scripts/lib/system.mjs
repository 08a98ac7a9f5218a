// Small process helpers for the bootstrap scripts.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { connect } from "node:net";
import { SetupError } from "./log.mjs";

export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a command to completion, inheriting nothing; returns {status, stdout, stderr}. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...options });
  return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

/** Runs a command with visible output; throws SetupError with `what` when it fails. */
export function runVisible(cmd, args, what, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", ...options });
    child.on("error", (e) => reject(new SetupError(`${what} failed: ${e.message}`)));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new SetupError(`${what} failed (exit code ${code}).`)),
    );
  });
}

/** Whether an executable is on PATH. */
export function hasCommand(name) {
  return run("sh", ["-c", `command -v ${name}`]).status === 0;
}

/** The newest installed PostgreSQL server bin directory (Debian layout), or null. */
export function findPostgresBin() {
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(`${base}/${v}/bin/postgres`))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return `${base}/${versions[0]}/bin`;
  }
  const which = run("sh", ["-c", "command -v pg_ctl"]);
  if (which.status === 0) return which.stdout.trim().replace(/\/pg_ctl$/, "");
  return null;
}

/** Whether a TCP port accepts connections within `timeoutMs`. */
export function isPortOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(check, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}

/** Installs Debian packages (root only): one apt-get update, one install. */
export async function aptInstall(packages) {
  if (packages.length === 0) return;
  if (!isRoot || !hasCommand("apt-get")) {
    throw new SetupError(
      `Missing system packages: ${packages.join(", ")}.`,
      `Install them, e.g.: sudo apt-get install -y ${packages.join(" ")}\n` +
        "or start Postgres and Redis with: docker compose up -d postgres redis",
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await runVisible("apt-get", ["update", "-qq"], "apt-get update", { env });
  await runVisible(
    "apt-get",
    ["install", "-y", "-qq", "--no-install-recommends", ...packages],
    `apt-get install ${packages.join(" ")}`,
    { env },
  );
}
