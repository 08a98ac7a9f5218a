import pg from "pg";
import { MigrationError, createMigration } from "../migrate";
import { loadRootEnv, requireEnv } from "./env";

loadRootEnv();
const name = process.argv[2];
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   (letters, digits and _)");
  process.exit(1);
}

// The engine replays the committed migrations on the database it is given, so it gets a
// scratch database of its own, never the developer's.
const base = new URL(requireEnv("DATABASE_URL"));
const scratchName = `layerwise_migration_scratch_${process.pid}`;
const admin = new URL(base);
admin.pathname = "/postgres";
const scratch = new URL(base);
scratch.pathname = `/${scratchName}`;

const client = new pg.Client({ connectionString: admin.toString() });
try {
  await client.connect();
  await client.query(`create database "${scratchName}"`);
} catch (error) {
  console.error(`Cannot create a scratch database on ${base.host}: ${(error as Error).message}`);
  process.exit(1);
}
try {
  const folder = await createMigration(scratch.toString(), name);
  console.log(
    folder ? `Wrote ${folder}/migration.sql` : "The schema has no change: no migration written.",
  );
} catch (error) {
  if (!(error instanceof MigrationError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await client.query(`drop database if exists "${scratchName}" with (force)`);
  await client.end();
}
