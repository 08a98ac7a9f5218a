// `npm run up`: the whole platform on this machine, from a fresh clone, in one command.
import { join } from "node:path";
import { preparePlatform } from "./lib/bootstrap.mjs";
import { ROOT } from "./lib/env.mjs";
import { bold, done, green, runMain, step, warn } from "./lib/log.mjs";
import { startService, superviseServices, waitHealthy } from "./lib/processes.mjs";
import { runVisible } from "./lib/system.mjs";

await runMain(async () => {
  console.log(bold("Layerwise — starting the platform\n"));
  const { env, services } = await preparePlatform();
  try {
    step("Building (cached after the first run)…");
    await runVisible(
      "npx",
      [
        "turbo",
        "run",
        "build",
        "--output-logs=errors-only",
        "--filter=@layerwise/web",
        "--filter=@layerwise/collab-server",
        "--filter=@layerwise/trainer",
      ],
      "Build",
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...env,
          NEXT_TELEMETRY_DISABLED: "1",
          TURBO_TELEMETRY_DISABLED: "1",
        },
      },
    );
  } catch (error) {
    await services.stop();
    throw error;
  }

  step("Starting web, collab-server and trainer…");
  const childEnv = { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  const running = [
    startService(
      "web",
      process.execPath,
      [join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", env.WEB_PORT],
      {
        cwd: join(ROOT, "apps/web"),
        env: childEnv,
        index: 0,
      },
    ),
    startService("collab", process.execPath, ["dist/index.js"], {
      cwd: join(ROOT, "apps/collab-server"),
      env: childEnv,
      index: 1,
    }),
    startService("trainer", process.execPath, ["dist/index.js"], {
      cwd: join(ROOT, "apps/trainer"),
      env: childEnv,
      index: 2,
    }),
  ];
  const supervisor = superviseServices(running, services, {
    onStop: () => step("Stopping…"),
    onUnexpectedExit: (name, how) =>
      warn(`${name} exited unexpectedly (${how}); stopping everything.`),
  });

  try {
    await Promise.all([
      waitHealthy(`http://127.0.0.1:${env.WEB_PORT}/api/health`, 60_000),
      waitHealthy(`http://127.0.0.1:${env.COLLAB_PORT}/healthz`, 60_000),
      waitHealthy(`http://127.0.0.1:${env.TRAINER_HEALTH_PORT}/healthz`, 90_000),
    ]);
  } catch (error) {
    if (!supervisor.isStopping()) {
      warn(error.message);
      await supervisor.shutdown(1);
    }
    return;
  }
  const url = env.NEXTAUTH_URL;
  done("Every service reports healthy.");
  console.log(`
${green(bold("Layerwise is running."))}

  Open        ${bold(url)}
  Demo login  ${bold("demo@layerwise.dev")} / ${bold("layerwise-demo")}
  Health      ${url}/api/health · http://localhost:${env.COLLAB_PORT}/healthz · http://localhost:${env.TRAINER_HEALTH_PORT}/healthz

Press Ctrl-C to stop everything this command started.
`);
  await new Promise(() => {});
});
