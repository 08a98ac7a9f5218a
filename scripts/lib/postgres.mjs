// Gets a live PostgreSQL for DATABASE_URL: the configured server when it answers, otherwise a
// project-local instance under $DATA_DIR/postgres started from the system's binaries.
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "./env.mjs";
import { SetupError, done, step } from "./log.mjs";
import { findPostgresBin, isPortOpen, isRoot, run } from "./system.mjs";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

function loadPg() {
  return createRequire(join(ROOT, "package.json"))("pg");
}

/** Parses DATABASE_URL into the parts we need, with a clear error when it is malformed. */
export function parseDatabaseUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new SetupError(`DATABASE_URL is not a valid URL: ${JSON.stringify(url)}`);
  }
  if (!/^postgres(ql)?:$/.test(u.protocol)) {
    throw new SetupError(`DATABASE_URL must start with postgresql:// (got ${u.protocol}//).`);
  }
  return {
    host: u.hostname || "localhost",
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password || ""),
    database: decodeURIComponent(u.pathname.replace(/^\//, "") || "postgres"),
  };
}

/** Tries one connection; returns "ok" | "refused" | "no-database" | an error message. */
async function probe(url) {
  const { Client } = loadPg();
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return "ok";
  } catch (e) {
    if (e.code === "3D000") return "no-database";
    if (e.code === "ECONNREFUSED" || e.code === "ENOENT") return "refused";
    if (
      ["ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"].includes(e.code) ||
      /timeout/i.test(e.message)
    ) {
      return "unreachable";
    }
    return e.message || String(e);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates a database on a reachable server (connecting to the maintenance db `postgres`). */
export async function createDatabase(url, name) {
  const { Client } = loadPg();
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Runs a postgres tool, as the `postgres` user when we are root (postgres refuses root). */
function pgTool(bin, tool, args) {
  const cmd = join(bin, tool);
  return isRoot ? run("runuser", ["-u", "postgres", "--", cmd, ...args]) : run(cmd, args);
}

function ownForPostgres(dir) {
  mkdirSync(dir, { recursive: true });
  if (isRoot) {
    const ids = run("id", ["-u", "postgres"]);
    const gid = run("id", ["-g", "postgres"]);
    chownSync(dir, Number(ids.stdout.trim()), Number(gid.stdout.trim()));
  }
  chmodSync(dir, 0o700);
}

/**
 * Ensures DATABASE_URL answers. Returns `{ startedHere, stop }`; `stop()` stops only an instance
 * this call started.
 */
export async function ensurePostgres(env, { install }) {
  const url = env.DATABASE_URL;
  const cfg = parseDatabaseUrl(url);
  step(`Checking PostgreSQL at ${cfg.host}:${cfg.port}…`);
  let state = await probe(url);
  if (state === "no-database") {
    await createDatabase(url, cfg.database);
    state = await probe(url);
  }
  if (state === "ok") {
    done(`PostgreSQL is up (${cfg.host}:${cfg.port}/${cfg.database}).`);
    return { startedHere: false, stop: async () => {} };
  }
  if (state === "unreachable") {
    throw new SetupError(
      `PostgreSQL is not reachable at ${cfg.host}:${cfg.port} (DATABASE_URL).`,
      "Start that server, point DATABASE_URL at a running one, or use the project-local one\n" +
        "by setting DATABASE_URL=postgresql://layerwise:layerwise@127.0.0.1:5432/layerwise in .env.",
    );
  }
  if (state !== "refused") {
    throw new SetupError(
      `PostgreSQL at ${cfg.host}:${cfg.port} refused the connection: ${state}`,
      "Check the user, password and database in DATABASE_URL (.env).",
    );
  }
  if (!LOCAL_HOSTS.has(cfg.host)) {
    throw new SetupError(
      `PostgreSQL is not reachable at ${cfg.host}:${cfg.port} (DATABASE_URL).`,
      "Start that server, or point DATABASE_URL at a running one.",
    );
  }

  let bin = findPostgresBin();
  if (!bin) {
    await install(["postgresql"]);
    bin = findPostgresBin();
    if (!bin) throw new SetupError("PostgreSQL was installed but its binaries were not found.");
  }

  const dataDir = join(env.DATA_DIR, "postgres");
  const socketDir = join(env.DATA_DIR, "postgres-run");
  mkdirSync(env.DATA_DIR, { recursive: true });
  ownForPostgres(socketDir);
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    step(`Creating a project-local PostgreSQL cluster in ${dataDir}…`);
    ownForPostgres(dataDir);
    const pwfile = join(socketDir, "initdb.pw");
    writeFileSync(pwfile, `${cfg.password || "layerwise"}\n`, { mode: 0o600 });
    if (isRoot) run("chown", ["postgres:postgres", pwfile]);
    const r = pgTool(bin, "initdb", [
      "-D",
      dataDir,
      "-U",
      cfg.user,
      `--pwfile=${pwfile}`,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "-E",
      "UTF8",
      "--no-instructions",
    ]);
    rmSync(pwfile, { force: true });
    if (r.status !== 0) throw new SetupError(`initdb failed:\n${r.stderr || r.stdout}`);
  }

  if (await isPortOpen(cfg.host === "localhost" ? "127.0.0.1" : cfg.host, cfg.port)) {
    throw new SetupError(
      `Port ${cfg.port} is taken by something that is not a usable PostgreSQL for DATABASE_URL.`,
      "Stop it, or change the port in DATABASE_URL (.env).",
    );
  }
  step(`Starting project-local PostgreSQL on port ${cfg.port}…`);
  const listen = cfg.host === "localhost" ? "localhost" : cfg.host.replace(/^\[|\]$/g, "");
  const start = pgTool(bin, "pg_ctl", [
    "-D",
    dataDir,
    "-l",
    join(dataDir, "server.log"),
    "-w",
    "-t",
    "60",
    "-o",
    `-p ${cfg.port} -k ${socketDir} -c listen_addresses=${listen}`,
    "start",
  ]);
  if (start.status !== 0) {
    throw new SetupError(
      `PostgreSQL did not start:\n${start.stderr || start.stdout}`,
      `See ${join(dataDir, "server.log")}.`,
    );
  }
  if ((await probe(url)) === "no-database") await createDatabase(url, cfg.database);
  const final = await probe(url);
  if (final !== "ok") throw new SetupError(`PostgreSQL started but does not answer: ${final}`);
  done(`PostgreSQL is up (project-local, ${dataDir}).`);
  return {
    startedHere: true,
    stop: async () => {
      pgTool(bin, "pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
    },
  };
}
