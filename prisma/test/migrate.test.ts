import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MigrationError, applyMigrations, readMigrations } from "../src/migrate";

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) throw new Error("DATABASE_URL must point at a live PostgreSQL (npm test sets it).");

/** A throwaway database on the test server, dropped afterwards. */
function scratchUrl(name: string): string {
  const u = new URL(baseUrl!);
  u.pathname = `/${name}`;
  return u.toString();
}

const admin = new pg.Client({ connectionString: scratchUrl("postgres") });
const dbName = `lw_migrate_test_${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
});

afterAll(async () => {
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
});

describe("applyMigrations", () => {
  it("applies prisma/migrations to an empty database, then is a no-op", async () => {
    const expected = readMigrations().migrationDirectories.map((d) => d.path);
    expect(expected.length).toBeGreaterThan(0);

    const first = await applyMigrations(scratchUrl(dbName));
    expect(first).toEqual(expected);

    const db = new pg.Client({ connectionString: scratchUrl(dbName) });
    await db.connect();
    try {
      const recorded = await db.query(
        "select migration_name from _prisma_migrations where finished_at is not null order by migration_name",
      );
      expect(recorded.rows.map((r) => r.migration_name)).toEqual(expected);
      const tables = await db.query(
        "select table_name from information_schema.tables where table_schema = 'public' order by 1",
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(["User", "Team", "Membership", "Project", "_prisma_migrations"]),
      );

      const second = await applyMigrations(scratchUrl(dbName));
      expect(second).toEqual([]);
      const count = await db.query("select count(*)::int as n from _prisma_migrations");
      expect(count.rows[0].n).toBe(expected.length);
    } finally {
      await db.end();
    }
  });

  it("explains an unreachable server instead of throwing a driver error", async () => {
    const err = await applyMigrations("postgresql://nobody:nothing@127.0.0.1:1/none").catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(MigrationError);
    expect(err.message).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/none \(DATABASE_URL\)/);
  });

  it("rejects a DATABASE_URL that is not a postgres URL", async () => {
    await expect(applyMigrations("mysql://localhost/db")).rejects.toThrow(
      /DATABASE_URL must start with postgresql:\/\//,
    );
    await expect(applyMigrations("not a url")).rejects.toThrow(/DATABASE_URL is not a valid URL/);
  });

  it("names wrong credentials as such", async () => {
    const u = new URL(baseUrl!);
    u.password = "definitely-wrong";
    u.username = "layerwise_nobody";
    const err = await applyMigrations(u.toString()).catch((e) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(err.message).toMatch(/rejected the credentials in DATABASE_URL|does not exist/);
  });
});
