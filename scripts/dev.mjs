// `npm run dev`: the platform in watch mode (next dev, tsx watch) over the same bootstrap as `up`.
import { join } from "node:path";
import {
  ensureNodeDependencies,
  ensurePrismaClient,
  ensurePythonPackages,
  ensureServices,
  migrate,
} from "./lib/bootstrap.mjs";
import { ROOT, ensureDotenv, loadEnv } from "./lib/env.mjs";
import { bold, done, runMain, step, warn } from "./lib/log.mjs";
import { startService, stopServices } from "./lib/processes.mjs";
import { runVisible } from "./lib/system.mjs";

await runMain(async () => {
  console.log(bold("Layerwise — development mode\n"));
  if (ensureDotenv()) done("Created .env from .env.example with fresh secrets.");
  await ensureNodeDependencies();
  const env = loadEnv();
  const services = await ensureServices(env);
  try {
    await ensurePrismaClient();
    await migrate(env);
    await runVisible("npm", ["run", "seed", "--silent", "-w", "@layerwise/db"], "Seeding", {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: env.DATABASE_URL },
    });
    await ensurePythonPackages();
  } catch (error) {
    await services.stop();
    throw error;
  }
  step("Starting watchers (web on http://localhost:" + env.WEB_PORT + ")…");
  const childEnv = { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" };
  const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
  const running = [
    startService("web", process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "dev", "-p", env.WEB_PORT], {
      cwd: join(ROOT, "apps/web"),
      env: childEnv,
      index: 0,
    }),
    startService("collab", process.execPath, [tsx, "watch", "src/index.ts"], { cwd: join(ROOT, "apps/collab-server"), env: childEnv, index: 1 }),
    startService("trainer", process.execPath, [tsx, "watch", "src/index.ts"], { cwd: join(ROOT, "apps/trainer"), env: childEnv, index: 2 }),
  ];
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    step("Stopping…");
    await stopServices(running);
    await services.stop();
    process.exit(code);
  };
  for (const s of running) {
    s.exited.then(({ code, signal }) => {
      if (!stopping) {
        warn(`${s.name} exited (${signal ?? `code ${code}`}); stopping everything.`);
        void shutdown(1);
      }
    });
  }
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  await new Promise(() => {});
});
