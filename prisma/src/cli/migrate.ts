import { MigrationError, applyMigrations } from "../migrate";
import { loadRootEnv, requireEnv } from "./env";

loadRootEnv();
try {
  const applied = await applyMigrations(requireEnv("DATABASE_URL"));
  console.log(
    applied.length === 0
      ? "Database is up to date: no migration to apply."
      : `Applied ${applied.length} migration(s): ${applied.join(", ")}`,
  );
} catch (error) {
  if (!(error instanceof MigrationError)) throw error;
  console.error(error.message);
  process.exit(1);
}
