// The one shared, idempotent bootstrap behind `npm run up`, `npm run dev` and `npm test`:
// dependencies, PostgreSQL, Redis, generated client, migrations, Python packages, browser.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, ensureDotenv, loadEnv } from "./env.mjs";
import { SetupError, done, step } from "./log.mjs";
import { ensurePostgres } from "./postgres.mjs";
import { ensureRedis } from "./redis.mjs";
import { aptInstall, hasCommand, isRoot, run, runVisible } from "./system.mjs";

const hash = (...files) => {
  const h = createHash("sha256");
  for (const f of files) h.update(existsSync(f) ? readFileSync(f) : "");
  return h.digest("hex");
};

/** `npm install` when node_modules is missing or older than package-lock.json. */
export async function ensureNodeDependencies() {
  const stamp = join(ROOT, "node_modules", ".layerwise-install");
  const want = hash(join(ROOT, "package-lock.json"));
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return;
  step("Installing npm dependencies…");
  const ci = process.env.CI === "true" && existsSync(join(ROOT, "package-lock.json"));
  await runVisible("npm", [ci ? "ci" : "install", "--no-audit", "--no-fund"], "npm install", {
    cwd: ROOT,
  });
  writeFileSync(stamp, want);
  done("npm dependencies installed.");
}

/** Regenerates the Prisma client when schema.prisma changed since the last generation. */
export async function ensurePrismaClient() {
  const schema = join(ROOT, "prisma", "schema.prisma");
  const stamp = join(ROOT, "prisma", "generated", ".schema-hash");
  const want = hash(schema, join(ROOT, "package-lock.json"));
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return;
  step("Generating the Prisma client…");
  await runVisible(
    "npm",
    ["run", "generate", "--silent", "-w", "@layerwise/db"],
    "prisma generate",
    { cwd: ROOT },
  );
  writeFileSync(stamp, want);
}

/** Applies pending migrations (a no-op when up to date). */
export async function migrate(env) {
  step("Applying database migrations…");
  await runVisible("npm", ["run", "migrate", "--silent", "-w", "@layerwise/db"], "Migrations", {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL },
  });
}

/** Python packages of the trainer (torch…), installed when missing. */
export async function ensurePythonPackages() {
  const python = process.env.PYTHON || "python3";
  if (!hasCommand(python)) {
    throw new SetupError(
      `${python} is not installed.`,
      "Install Python 3.10+ (e.g. sudo apt-get install python3 python3-pip).",
    );
  }
  const probe = run(python, ["-c", "import torch, numpy, scipy, PIL, onnx, onnxruntime, pytest"]);
  if (probe.status === 0) return;
  step("Installing Python packages (apps/trainer/requirements.txt)…");
  await runVisible(
    python,
    ["-m", "pip", "install", "-q", "-r", join(ROOT, "apps/trainer/requirements.txt")],
    "pip install",
  );
  done("Python packages installed.");
}

/** Chromium for the e2e tests (Debian's package; Playwright's own download needs the internet). */
export async function ensureChromium() {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (existsSync(path)) return path;
  if (!isRoot) {
    throw new SetupError(
      `Chromium is not installed at ${path}.`,
      "Install it: sudo apt-get install chromium (or set CHROMIUM_PATH).",
    );
  }
  await aptInstall(["chromium"]);
  if (!existsSync(path))
    throw new SetupError(`chromium was installed but ${path} does not exist; set CHROMIUM_PATH.`);
  return path;
}

/** Starts (or finds) Postgres and Redis. `stop()` stops only what this call started. */
export async function ensureServices(env) {
  const postgres = await ensurePostgres(env, { install: aptInstall });
  let redis;
  try {
    redis = await ensureRedis(env, { install: aptInstall });
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  return {
    startedHere: postgres.startedHere || redis.startedHere,
    stop: async () => {
      await redis.stop();
      await postgres.stop();
    },
  };
}

/**
 * Everything `up` and `dev` need before starting the services: .env, dependencies, databases,
 * generated client, migrations, demo data, Python packages. Stops the databases it started when
 * a later step fails.
 */
export async function preparePlatform() {
  if (ensureDotenv()) done("Created .env from .env.example with fresh secrets.");
  await ensureNodeDependencies();
  const env = loadEnv();
  const services = await ensureServices(env);
  try {
    await ensurePrismaClient();
    await migrate(env);
    step("Seeding the demo account…");
    await runVisible("npm", ["run", "seed", "--silent", "-w", "@layerwise/db"], "Seeding", {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: env.DATABASE_URL },
    });
    await ensurePythonPackages();
  } catch (error) {
    await services.stop();
    throw error;
  }
  return { env, services };
}
