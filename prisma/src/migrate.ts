import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { openSchemaEngine } from "./schema-engine";

/** The package's own schema and migrations folder. */
export const PRISMA_DIR = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
export const SCHEMA_PATH = join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = join(PRISMA_DIR, "migrations");

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** Reads `migrations/` in Prisma's layout (`<timestamp>_<name>/migration.sql`, lock file). */
export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationList {
  const lockPath = join(dir, "migration_lock.toml");
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = join(dir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok" as const, value: readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

function schemaFiles(): [string, string][] {
  return [["schema.prisma", readFileSync(SCHEMA_PATH, "utf8")]];
}

/** A migration problem the user can act on (bad URL, unreachable server, failed migration). */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Turns driver and engine errors into one clear sentence about DATABASE_URL. */
function explain(error: unknown, databaseUrl: string): MigrationError {
  const raw = error instanceof Error ? error.message : JSON.stringify(error);
  let where = "the database";
  try {
    const u = new URL(databaseUrl);
    where = `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return new MigrationError(`DATABASE_URL is not a valid URL (${raw}).`);
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|Can't reach|Connection terminated/i.test(raw)) {
    return new MigrationError(`Cannot reach PostgreSQL at ${where} (DATABASE_URL): ${raw}`);
  }
  if (/password|authentication/i.test(raw)) {
    return new MigrationError(
      `PostgreSQL at ${where} rejected the credentials in DATABASE_URL: ${raw}`,
    );
  }
  return new MigrationError(`Migrating ${where} failed: ${raw}`);
}

function assertPostgresUrl(databaseUrl: string): void {
  let u: URL;
  try {
    u = new URL(databaseUrl);
  } catch {
    throw new MigrationError(`DATABASE_URL is not a valid URL: ${JSON.stringify(databaseUrl)}`);
  }
  if (!/^postgres(ql)?:$/.test(u.protocol)) {
    throw new MigrationError(`DATABASE_URL must start with postgresql:// (got ${u.protocol}//).`);
  }
}

/**
 * True when `_prisma_migrations` already records every local migration as finished with the
 * same checksum (sha256 of migration.sql, as Prisma stores it) and holds no failed one. Lets the
 * common "nothing to do" case skip loading the schema engine (a multi-megabyte WebAssembly
 * module that takes seconds to compile). Any doubt returns false and the engine decides.
 */
async function isUpToDate(databaseUrl: string, list: MigrationList): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const table = await client.query(
      "select to_regclass('_prisma_migrations') is not null as present",
    );
    if (!table.rows[0]?.present) return false;
    const rows = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>("select migration_name, checksum, finished_at, rolled_back_at from _prisma_migrations");
    if (rows.rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return false;
    const applied = new Map(
      rows.rows
        .filter((r) => r.finished_at !== null && r.rolled_back_at === null)
        .map((r) => [r.migration_name, r.checksum]),
    );
    return list.migrationDirectories.every((dir) => {
      const content = dir.migrationFile.content;
      return (
        content.tag === "ok" &&
        applied.get(dir.path) === createHash("sha256").update(content.value).digest("hex")
      );
    });
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Applies every pending migration of `migrations/` and records it in `_prisma_migrations`,
 * exactly as `prisma migrate deploy` does. Returns the names applied now (empty when up to date).
 */
export async function applyMigrations(
  databaseUrl: string,
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<string[]> {
  assertPostgresUrl(databaseUrl);
  const migrationsList = readMigrations(migrationsDir);
  if (await isUpToDate(databaseUrl, migrationsList)) return [];
  let engine;
  try {
    ({ engine } = await openSchemaEngine(databaseUrl, schemaFiles()));
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: NO_FILTER,
    });
    return appliedMigrationNames;
  } catch (error) {
    throw explain(error, databaseUrl);
  } finally {
    engine?.free();
  }
}

/**
 * Writes a new migration from the difference between the migrations folder and the schema, as
 * `prisma migrate diff --from-migrations --to-schema` does. The WASM engine replays the
 * committed migrations on the database it is connected to (it has no separate shadow
 * connection), so `scratchUrl` must name an empty, throwaway database: the caller creates and
 * drops it. Returns the new folder, or null when the schema has no change.
 */
export async function createMigration(
  scratchUrl: string,
  name: string,
  now: Date = new Date(),
): Promise<string | null> {
  if (!/^[a-z0-9_]+$/i.test(name)) {
    throw new MigrationError(
      `Migration names use letters, digits and _ only (got ${JSON.stringify(name)}).`,
    );
  }
  assertPostgresUrl(scratchUrl);
  let engine;
  try {
    const files = schemaFiles();
    ({ engine } = await openSchemaEngine(scratchUrl, files));
    const result = await engine.diff({
      from: { tag: "migrations", ...readMigrations() },
      to: { tag: "schemaDatamodel", files: files.map(([path, content]) => ({ path, content })) },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = (result.stdout ?? "").trim();
    if (!sql || /^-- This is an empty migration\.?$/.test(sql)) return null;
    const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
    const folder = join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "migration.sql"), `${sql}\n`);
    return folder;
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw explain(error, scratchUrl);
  } finally {
    engine?.free();
  }
}
