import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";

// e2e runs against a production build on its own port, so a running `npm run up` is untouched.
const PORT = Number(process.env.E2E_WEB_PORT ?? 3310);
// The project editor is live on a collab server (it stores every edit): one of its own for e2e.
const COLLAB_PORT = Number(process.env.E2E_COLLAB_PORT ?? 3311);
// A training worker of its own (training.spec): its health port.
const TRAINER_PORT = Number(process.env.E2E_TRAINER_PORT ?? 3312);
// Web and trainer must share the files (datasets, artifacts): one absolute DATA_DIR for both.
const DATA_DIR = resolve(
  fileURLToPath(new URL("../..", import.meta.url)),
  process.env.DATA_DIR ?? ".data",
);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results",
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `node ../../node_modules/next/dist/bin/next start -p ${PORT}`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      // next-auth builds its callback URLs from NEXTAUTH_URL: it must be the URL the tests browse.
      // Every test browser comes from 127.0.0.1: per-IP limits sized for repeated local runs.
      env: {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
        SIGN_IN_MAX_PER_IP: "10000",
        SIGN_UP_MAX_PER_IP: "10000",
        // Read at run time by the collab-token route (the browser gets the URL from its answer).
        NEXT_PUBLIC_COLLAB_URL: `ws://127.0.0.1:${COLLAB_PORT}`,
        DATA_DIR,
      },
    },
    {
      command: "node --import tsx src/index.ts",
      cwd: "../collab-server",
      url: `http://127.0.0.1:${COLLAB_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        COLLAB_PORT: String(COLLAB_PORT),
        COLLAB_HOST: "127.0.0.1",
        COLLAB_ALLOWED_ORIGINS: `http://127.0.0.1:${PORT}`,
        COLLAB_MAX_CONNECTIONS_PER_MINUTE: "10000",
        LOG_LEVEL: "warn",
      },
    },
    {
      command: "node --import tsx src/index.ts",
      cwd: "../trainer",
      url: `http://127.0.0.1:${TRAINER_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      // The databases come from the caller, as for the web server.
      env: {
        DATA_DIR,
        TRAINER_HEALTH_PORT: String(TRAINER_PORT),
        TRAINER_CPU_THREADS: "2",
        LOG_LEVEL: "warn",
      },
    },
  ],
});
