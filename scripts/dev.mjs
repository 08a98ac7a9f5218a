// `npm run dev`: the platform in watch mode (next dev, tsx watch) over the same bootstrap as `up`.
import { join } from "node:path";
import { preparePlatform } from "./lib/bootstrap.mjs";
import { ROOT } from "./lib/env.mjs";
import { bold, runMain, step, warn } from "./lib/log.mjs";
import { startService, superviseServices } from "./lib/processes.mjs";

await runMain(async () => {
  console.log(bold("Layerwise — development mode\n"));
  const { env, services } = await preparePlatform();
  step(`Starting watchers (web on http://localhost:${env.WEB_PORT})…`);
  const childEnv = { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" };
  const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
  const running = [
    startService(
      "web",
      process.execPath,
      [join(ROOT, "node_modules/next/dist/bin/next"), "dev", "-p", env.WEB_PORT],
      {
        cwd: join(ROOT, "apps/web"),
        env: childEnv,
        index: 0,
      },
    ),
    startService("collab", process.execPath, [tsx, "watch", "src/index.ts"], {
      cwd: join(ROOT, "apps/collab-server"),
      env: childEnv,
      index: 1,
    }),
    startService("trainer", process.execPath, [tsx, "watch", "src/index.ts"], {
      cwd: join(ROOT, "apps/trainer"),
      env: childEnv,
      index: 2,
    }),
  ];
  superviseServices(running, services, {
    onStop: () => step("Stopping…"),
    onUnexpectedExit: (name, how) => warn(`${name} exited (${how}); stopping everything.`),
  });
  await new Promise(() => {});
});
