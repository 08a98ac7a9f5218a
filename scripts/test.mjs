// `npm test`: every check — lint, formatting, typecheck, unit + integration (real Postgres and Redis),
// Python (real PyTorch), e2e (real Chromium). Prepares what it needs with the shared bootstrap,
// runs every step even after a failure, prints a summary, and stops what it started.
import { join } from "node:path";
import {
  ensureChromium,
  ensureNodeDependencies,
  ensurePrismaClient,
  ensurePythonPackages,
  ensureServices,
  migrate,
} from "./lib/bootstrap.mjs";
import { ROOT, loadEnv } from "./lib/env.mjs";
import { createDatabase, parseDatabaseUrl } from "./lib/postgres.mjs";
import { bold, done, green, red, runMain, step } from "./lib/log.mjs";
import { runVisible } from "./lib/system.mjs";

/** The test database and Redis index: never the ones `npm run up` keeps the demo data in. */
function testEnv(env) {
  const db = new URL(env.DATABASE_URL);
  const name = `${parseDatabaseUrl(env.DATABASE_URL).database}_test`;
  db.pathname = `/${name}`;
  const redis = new URL(env.REDIS_URL);
  redis.pathname = "/1";
  return {
    ...env,
    DATABASE_URL: db.toString(),
    REDIS_URL: redis.toString(),
    TEST_DATABASE_NAME: name,
  };
}

const only = process.argv.slice(2);

await runMain(async () => {
  console.log(bold("Layerwise — running every test\n"));
  await ensureNodeDependencies();
  const baseEnv = loadEnv({ useDotenv: true });
  const services = await ensureServices(baseEnv);
  const results = [];
  let interrupted = false;
  const cleanup = async () => {
    interrupted = true;
    await services.stop();
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  process.on("SIGTERM", () => void cleanup().then(() => process.exit(143)));

  try {
    const env = testEnv(baseEnv);
    await createDatabase(baseEnv.DATABASE_URL, env.TEST_DATABASE_NAME);
    await ensurePrismaClient();
    await migrate(env);
    await ensurePythonPackages();
    const chromium = await ensureChromium();
    const childEnv = {
      ...process.env,
      ...env,
      CHROMIUM_PATH: chromium,
      NEXT_TELEMETRY_DISABLED: "1",
      TURBO_TELEMETRY_DISABLED: "1",
      NODE_ENV: "test",
    };
    const steps = [
      ["lint", "npx", ["eslint", ".", "--max-warnings", "0"], {}],
      ["format", "npx", ["prettier", "--check", "."], {}],
      ["typecheck", "npx", ["turbo", "run", "typecheck", "--output-logs=errors-only"], {}],
      ["unit + integration", "npx", ["vitest", "run"], {}],
      ["python", env.PYTHON || "python3", ["-m", "pytest", "-q", "apps/trainer/python"], {}],
      [
        "build web",
        "npx",
        ["turbo", "run", "build", "--filter=@layerwise/web", "--output-logs=errors-only"],
        { NODE_ENV: "production" },
      ],
      ["e2e", "npx", ["playwright", "test"], { cwd: join(ROOT, "apps/web") }],
    ].filter(([name]) => only.length === 0 || only.some((o) => name.includes(o)));

    for (const [name, cmd, args, extra] of steps) {
      if (interrupted) break;
      const { cwd = ROOT, ...envExtra } = extra;
      step(`${name}: ${cmd} ${args.join(" ")}`);
      const started = Date.now();
      try {
        await runVisible(cmd, args, name, { cwd, env: { ...childEnv, ...envExtra } });
        results.push({ name, ok: true, seconds: (Date.now() - started) / 1000 });
        done(`${name} passed`);
      } catch {
        results.push({ name, ok: false, seconds: (Date.now() - started) / 1000 });
        console.log(red(`✗ ${name} failed`));
      }
    }
  } finally {
    await services.stop();
  }

  console.log(bold("\nSummary"));
  for (const r of results) {
    console.log(`  ${r.ok ? green("✓") : red("✗")} ${r.name.padEnd(20)} ${r.seconds.toFixed(1)}s`);
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    console.log(
      red(bold(`\n${failed.length} step(s) failed: ${failed.map((r) => r.name).join(", ")}`)),
    );
    process.exit(1);
  }
  console.log(green(bold("\nAll checks passed.")));
});
