/*
 * The collab server as a real child process, for fault tests that kill it: started on a fixed
 * free port so that clients reconnect to the same URL after a restart.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { SECRET, redisUrl } from "./harness";

const APP = fileURLToPath(new URL("..", import.meta.url));

/**
 * Bundles the fault-test entry once (esbuild, like `npm run build`), in a folder of its own with
 * the summary worker beside it; returns the file to run.
 */
export function bundleServer(name: string): { file: string; remove: () => void } {
  const dir = `${APP}dist/${name}-${process.pid}`;
  const file = `${dir}/server.js`;
  for (const [entry, out] of [
    ["test/fault-server.ts", file],
    ["src/summary-worker.ts", `${dir}/summary-worker.js`],
  ] as const) {
    const result = spawnSync(
      process.execPath,
      [`${APP}../../scripts/bundle.mjs`, `${APP}${entry}`, out],
      { encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`bundling failed: ${result.stderr}`);
  }
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A free loopback port (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A loaded server process, waiting to be told to listen. */
export interface TChild {
  proc: ChildProcess;
  url: string;
  /** Starts listening; resolves once it accepts connections. */
  listen(): Promise<void>;
  /** SIGKILL, then resolves when the process is gone. */
  kill(): Promise<void>;
}

/** Spawns the bundled server for `port`; resolves when it is loaded (not yet listening). */
export async function spawnChild(file: string, port: number): Promise<TChild> {
  const proc = spawn(process.execPath, [file], {
    env: {
      ...process.env,
      COLLAB_PORT: String(port),
      COLLAB_HOST: "127.0.0.1",
      COLLAB_SECRET: SECRET,
      REDIS_URL: redisUrl(),
      COLLAB_MAX_CONNECTIONS_PER_MINUTE: "100000",
      LOG_LEVEL: "error",
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const lines = createInterface({ input: proc.stdout! });
  const nextLine = (expected: string) =>
    new Promise<void>((resolve, reject) => {
      const onLine = (line: string) => {
        if (line !== expected) return;
        lines.off("line", onLine);
        resolve();
      };
      lines.on("line", onLine);
      void exited.then(() => reject(new Error(`collab server exited before "${expected}"`)));
    });
  await nextLine("ready");
  return {
    proc,
    url: `ws://127.0.0.1:${port}`,
    listen: async () => {
      const listening = nextLine("listening");
      proc.stdin!.write("listen\n");
      await listening;
    },
    kill: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await exited;
    },
  };
}
