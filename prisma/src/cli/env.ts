import { existsSync } from "node:fs";
import { join } from "node:path";
import { PRISMA_DIR } from "../migrate";

/**
 * Loads the repository's .env, then .env.example for defaults. Neither overrides a variable
 * already set in the shell (process.loadEnvFile never overwrites).
 */
export function loadRootEnv(): void {
  for (const file of [".env", ".env.example"]) {
    const path = join(PRISMA_DIR, "..", file);
    if (existsSync(path)) process.loadEnvFile(path);
  }
}

/** Reads a required variable or exits with a message naming it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set. Set it in .env (see .env.example).`);
    process.exit(1);
  }
  return value;
}
