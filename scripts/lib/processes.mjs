// Runs the platform's services as child processes with prefixed output, and stops them cleanly.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { bold, dim } from "./log.mjs";

const COLORS = ["35", "34", "33", "36"];

/** Starts `cmd args` and prefixes each output line with the service name. */
export function startService(name, cmd, args, { cwd, env, index = 0 }) {
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: false });
  const tag = process.stdout.isTTY
    ? `\x1b[${COLORS[index % COLORS.length]}m${name.padEnd(7)}\x1b[0m`
    : name.padEnd(7);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) =>
      console.log(`${tag} ${dim("│")} ${line}`),
    );
  }
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { name, child, exited };
}

/** SIGTERM to every running service, SIGKILL after `graceMs`; resolves when all have exited. */
export async function stopServices(services, graceMs = 15_000) {
  await Promise.all(
    services.map(async ({ name, child, exited }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        console.log(`${bold(name)} did not stop in ${graceMs / 1000}s: killing it.`);
        child.kill("SIGKILL");
      }, graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** Polls a health URL until it answers 200 with status "ok". */
export async function waitHealthy(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const body = await res.json().catch(() => ({}));
      if (res.ok && body.status === "ok") return body;
      last = `${res.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not healthy after ${timeoutMs / 1000}s (last: ${last})`);
}

/**
 * Keeps the platform's processes together: when one exits unexpectedly, or on Ctrl-C/SIGTERM,
 * stops them all, then the databases this run started, and exits.
 */
export function superviseServices(running, databases, { onStop, onUnexpectedExit }) {
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    onStop();
    await stopServices(running);
    await databases.stop();
    process.exit(code);
  };
  for (const s of running) {
    s.exited.then(({ code, signal }) => {
      if (stopping) return;
      onUnexpectedExit(s.name, signal ?? `code ${code}`);
      void shutdown(1);
    });
  }
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  return { shutdown, isStopping: () => stopping };
}
