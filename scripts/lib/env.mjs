// Loads the platform's configuration: process env > .env > .env.example (defaults).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** Parses KEY=VALUE lines; ignores comments and blank lines; strips matching quotes. */
export function parseDotenv(text) {
  const out = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 1) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    out[key] = value;
  }
  return out;
}

function readEnvFile(path) {
  return existsSync(path) ? parseDotenv(readFileSync(path, "utf8")) : {};
}

/**
 * Creates .env from .env.example on first run, with fresh random secrets, so that a new
 * machine never runs on the example's published secrets.
 */
export function ensureDotenv() {
  const target = join(ROOT, ".env");
  if (existsSync(target)) return false;
  const example = readFileSync(join(ROOT, ".env.example"), "utf8");
  const withSecrets = example.replace(
    /^(COLLAB_SECRET|NEXTAUTH_SECRET)=.*$/gm,
    (_m, key) => `${key}=${randomBytes(32).toString("hex")}`,
  );
  writeFileSync(target, withSecrets, { mode: 0o600 });
  return true;
}

/** The effective configuration, with DATA_DIR made absolute. */
export function loadEnv({ useDotenv = true } = {}) {
  const env = {
    ...readEnvFile(join(ROOT, ".env.example")),
    ...(useDotenv ? readEnvFile(join(ROOT, ".env")) : {}),
  };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  if (!isAbsolute(env.DATA_DIR)) env.DATA_DIR = join(ROOT, env.DATA_DIR);
  return env;
}
