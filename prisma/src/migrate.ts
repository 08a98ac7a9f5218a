import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
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
    return new MigrationError(`PostgreSQL at ${where} rejected the credentials in DATABASE_URL: ${raw}`);
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
 * Applies every pending migration of `migrations/` and records it in `_prisma_migrations`,
 * exactly as `prisma migrate deploy` does. Returns the names applied now (empty when up to date).
 */
export async function applyMigrations(
  databaseUrl: string,
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<string[]> {
  assertPostgresUrl(databaseUrl);
  let engine;
  try {
    ({ engine } = await openSchemaEngine(databaseUrl, schemaFiles()));
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrations(migrationsDir),
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
    throw new MigrationError(`Migration names use letters, digits and _ only (got ${JSON.stringify(name)}).`);
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
