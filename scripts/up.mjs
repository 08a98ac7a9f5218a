// `npm run up`: the whole platform on this machine, from a fresh clone, in one command.
import { join } from "node:path";
import {
  ensureNodeDependencies,
  ensurePrismaClient,
  ensurePythonPackages,
  ensureServices,
  migrate,
} from "./lib/bootstrap.mjs";
import { ROOT, ensureDotenv, loadEnv } from "./lib/env.mjs";
import { bold, done, green, runMain, step, warn } from "./lib/log.mjs";
import { startService, stopServices, waitHealthy } from "./lib/processes.mjs";
import { runVisible } from "./lib/system.mjs";

await runMain(async () => {
  console.log(bold("Layerwise — starting the platform\n"));
  if (ensureDotenv()) done("Created .env from .env.example with fresh secrets.");
  await ensureNodeDependencies();
  const env = loadEnv();
  const services = await ensureServices(env);
  const running = [];
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log("");
    step("Stopping…");
    await stopServices(running);
    await services.stop();
    done("Stopped.");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    await ensurePrismaClient();
    await migrate(env);
    step("Seeding the demo account…");
    await runVisible("npm", ["run", "seed", "--silent", "-w", "@layerwise/db"], "Seeding", {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: env.DATABASE_URL },
    });
    await ensurePythonPackages();
    step("Building (cached after the first run)…");
    await runVisible(
      "npx",
      ["turbo", "run", "build", "--output-logs=errors-only", "--filter=@layerwise/web", "--filter=@layerwise/collab-server", "--filter=@layerwise/trainer"],
      "Build",
      { cwd: ROOT, env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" } },
    );
  } catch (error) {
    await services.stop();
    throw error;
  }

  step("Starting web, collab-server and trainer…");
  const childEnv = { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  running.push(
    startService("web", process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", env.WEB_PORT], {
      cwd: join(ROOT, "apps/web"),
      env: childEnv,
      index: 0,
    }),
    startService("collab", process.execPath, ["dist/index.js"], { cwd: join(ROOT, "apps/collab-server"), env: childEnv, index: 1 }),
    startService("trainer", process.execPath, ["dist/index.js"], { cwd: join(ROOT, "apps/trainer"), env: childEnv, index: 2 }),
  );
  for (const s of running) {
    s.exited.then(({ code, signal }) => {
      if (stopping) return;
      warn(`${s.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything.`);
      void shutdown(1);
    });
  }

  try {
    await Promise.all([
      waitHealthy(`http://127.0.0.1:${env.WEB_PORT}/api/health`, 60_000),
      waitHealthy(`http://127.0.0.1:${env.COLLAB_PORT}/healthz`, 60_000),
      waitHealthy(`http://127.0.0.1:${env.TRAINER_HEALTH_PORT}/healthz`, 90_000),
    ]);
  } catch (error) {
    if (!stopping) {
      warn(error.message);
      await shutdown(1);
    }
    return;
  }
  const url = env.NEXTAUTH_URL;
  console.log(`
${green(bold("Layerwise is running."))}

  Open        ${bold(url)}
  Demo login  ${bold("demo@layerwise.dev")} / ${bold("layerwise-demo")}
  Health      ${url}/api/health · http://localhost:${env.COLLAB_PORT}/healthz · http://localhost:${env.TRAINER_HEALTH_PORT}/healthz

Press Ctrl-C to stop everything this command started.
`);
  await new Promise(() => {});
});

