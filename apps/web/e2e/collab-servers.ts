import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/*
 * Real server processes a spec starts, owns and stops itself: the collaboration spec kills its
 * collab server mid-session, so it cannot share Playwright's webServer instances.
 */

const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
const COLLAB_DIR = fileURLToPath(new URL("../../collab-server", import.meta.url));
const NEXT_BIN = fileURLToPath(
  new URL("../../../node_modules/next/dist/bin/next", import.meta.url),
);

/** A free TCP port on loopback (the OS picks it; never the defaults). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, or fails naming the process's last output. */
async function waitHealthy(url: string, child: ChildProcess, log: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited (${child.exitCode}):\n${log.join("")}`);
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not become healthy in ${timeoutMs} ms:\n${log.join("")}`);
}

/** One started server process. */
export interface TServerProcess {
  url: string;
  port: number;
  pid: number;
  /** Signals the process and waits until it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** The last lines it printed (for a failing test's report). */
  output(): string;
}

function launch(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): { child: ChildProcess; log: string[] } {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: "pipe" });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, log };
}

function stopper(child: ChildProcess): TServerProcess["stop"] {
  return async (signal = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await exited;
  };
}

/** Starts the collab server from its sources (one node process, so SIGKILL hits the server). */
export async function startCollabServer(
  port: number,
  allowedOrigin: string,
): Promise<TServerProcess> {
  const { child, log } = launch(process.execPath, ["--import", "tsx", "src/index.ts"], COLLAB_DIR, {
    COLLAB_PORT: String(port),
    COLLAB_HOST: "127.0.0.1",
    COLLAB_ALLOWED_ORIGINS: allowedOrigin,
    COLLAB_MAX_CONNECTIONS_PER_MINUTE: "10000",
    LOG_LEVEL: "info",
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(`${url}/healthz`, child, log, 60_000);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return { url, port, pid: child.pid!, stop: stopper(child), output: () => log.join("") };
}

/** Starts the production build of the web app, pointed at `collabUrl`. */
export async function startWebServer(port: number, collabUrl: string): Promise<TServerProcess> {
  const url = `http://127.0.0.1:${port}`;
  const { child, log } = launch(
    process.execPath,
    [NEXT_BIN, "start", "-p", String(port)],
    WEB_DIR,
    {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: url,
      NEXT_PUBLIC_COLLAB_URL: collabUrl,
      SIGN_IN_MAX_PER_IP: "10000",
      SIGN_UP_MAX_PER_IP: "10000",
    },
  );
  try {
    await waitHealthy(`${url}/api/health`, child, log, 120_000);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return { url, port, pid: child.pid!, stop: stopper(child), output: () => log.join("") };
}
