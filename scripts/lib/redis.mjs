// Gets a live Redis for REDIS_URL: the configured server when it answers, otherwise a
// project-local redis-server with its data (AOF) under $DATA_DIR/redis.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { SetupError, done, step } from "./log.mjs";
import { hasCommand, isPortOpen, run, waitFor } from "./system.mjs";

export function parseRedisUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new SetupError(`REDIS_URL is not a valid URL: ${JSON.stringify(url)}`);
  }
  if (u.protocol !== "redis:")
    throw new SetupError(`REDIS_URL must start with redis:// (got ${u.protocol}//).`);
  return {
    host: u.hostname || "127.0.0.1",
    port: Number(u.port || 6379),
    password: decodeURIComponent(u.password || ""),
  };
}

/** Sends PING (with AUTH when configured); resolves true on +PONG. */
export function pingRedis({ host, port, password }, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let buffer = "";
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("connect", () =>
      socket.write(password ? `AUTH ${password}\r\nPING\r\n` : "PING\r\n"),
    );
    socket.on("data", (d) => {
      buffer += d.toString();
      if (buffer.includes("+PONG")) finish(true);
      else if (buffer.includes("-")) finish(false);
    });
  });
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);

/** Ensures REDIS_URL answers. Returns `{ startedHere, stop }`. */
export async function ensureRedis(env, { install }) {
  const cfg = parseRedisUrl(env.REDIS_URL);
  step(`Checking Redis at ${cfg.host}:${cfg.port}…`);
  if (await pingRedis(cfg)) {
    done(`Redis is up (${cfg.host}:${cfg.port}).`);
    return { startedHere: false, stop: async () => {} };
  }
  if (!LOCAL_HOSTS.has(cfg.host)) {
    throw new SetupError(
      `Redis is not reachable at ${cfg.host}:${cfg.port} (REDIS_URL).`,
      "Start it, or point REDIS_URL at a running server.",
    );
  }
  if (await isPortOpen(cfg.host, cfg.port)) {
    throw new SetupError(
      `Port ${cfg.port} is taken by something that does not answer as Redis.`,
      "Stop it, or change the port in REDIS_URL (.env).",
    );
  }
  if (!hasCommand("redis-server")) {
    await install(["redis-server"]);
    if (!hasCommand("redis-server"))
      throw new SetupError("redis-server was installed but is not on PATH.");
  }
  const dir = join(env.DATA_DIR, "redis");
  mkdirSync(dir, { recursive: true });
  const pidfile = join(dir, "redis.pid");
  step(`Starting project-local Redis on port ${cfg.port}…`);
  const args = [
    "--port",
    String(cfg.port),
    "--bind",
    cfg.host === "localhost" ? "127.0.0.1" : cfg.host,
    "--dir",
    dir,
    "--appendonly",
    "yes",
    "--maxmemory-policy",
    "noeviction",
    "--daemonize",
    "yes",
    "--pidfile",
    pidfile,
    "--logfile",
    join(dir, "redis.log"),
    "--save",
    "",
  ];
  if (cfg.password) args.push("--requirepass", cfg.password);
  const r = run("redis-server", args);
  if (r.status !== 0) throw new SetupError(`redis-server did not start:\n${r.stderr || r.stdout}`);
  if (!(await waitFor(() => pingRedis(cfg), 15000))) {
    throw new SetupError(
      "redis-server started but does not answer PING.",
      `See ${join(dir, "redis.log")}.`,
    );
  }
  done(`Redis is up (project-local, ${dir}).`);
  return {
    startedHere: true,
    stop: async () => {
      if (!existsSync(pidfile)) return;
      const pid = Number(readFileSync(pidfile, "utf8").trim());
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        return;
      }
      await waitFor(() => !existsSync(pidfile), 10000);
    },
  };
}
