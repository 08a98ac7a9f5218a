import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { waitFor } from "./helpers";

const TRAINER_DIR = fileURLToPath(new URL("..", import.meta.url));

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * Starts the real trainer entry point (src/index.ts) as its own process — one process, so a
 * SIGKILL hits exactly the worker — with the given environment on top of the test's.
 */
export function spawnTrainer(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
    cwd: TRAINER_DIR,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", () => undefined);
  return child;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A private redis-server on a random port, without persistence: a kill loses everything. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const client = new Redis(port, "127.0.0.1", {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await waitFor(
      `redis-server on ${port}`,
      async () => {
        try {
          if (client.status !== "ready") await client.connect();
          return (await client.ping()) === "PONG";
        } catch {
          client.disconnect();
          return false;
        }
      },
      20_000,
    );
  } finally {
    client.disconnect();
  }
  return child;
}

/** Kills a child process and waits until it is gone. */
export async function killAndWait(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill(signal);
  await exited;
}
