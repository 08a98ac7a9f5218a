import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/**
 * Where the `layerwise_trainer` package lives (its parent directory goes on PYTHONPATH): two
 * levels up from src/runs/ when run from source, one up from dist/ when bundled.
 */
export const PYTHON_DIR =
  ["../../python", "../python"]
    .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
    .find((dir) => existsSync(`${dir}/layerwise_trainer`)) ??
  fileURLToPath(new URL("../../python", import.meta.url));

/*
 * The runner runs in its own process group (detached) so that cancel can signal it and every
 * DataLoader worker it forked at once. A detached child outlives a worker killed with SIGKILL,
 * though, and would keep the GPU busy: this launcher asks Linux to SIGKILL it when its parent
 * dies (PR_SET_PDEATHSIG survives exec), checks the parent is still the one that spawned it (it
 * may have died before prctl), then execs the real runner in the same process.
 */
const LAUNCHER = [
  "import ctypes, os, signal, sys",
  "ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)",
  "os.getppid() == int(sys.argv[1]) or os._exit(137)",
  "os.execvp(sys.argv[2], sys.argv[2:])",
].join("\n");

/** How the runner process ended. */
export interface TRunnerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A started runner: its process group, its last stderr, and ways to stop it. */
export interface TRunnerProcess {
  pid: number;
  exited: Promise<TRunnerExit>;
  /** The last few KB of stderr, for an error message when the runner dies without one. */
  stderrTail(): string;
  /** Signals the whole process group (no-op once it has exited). */
  signal(signal: NodeJS.Signals): void;
}

const STDERR_TAIL_BYTES = 4096;

/**
 * Spawns `python -m layerwise_trainer.run <runDir>` and calls `onLine` for each stdout line, in
 * order. stdout is JSON Lines by contract; parsing is the caller's job.
 */
export function startRunner(options: {
  python: string;
  runDir: string;
  onLine: (line: string) => void;
  env?: Record<string, string>;
}): TRunnerProcess {
  const child = spawn(
    options.python,
    [
      "-c",
      LAUNCHER,
      String(process.pid),
      options.python,
      "-m",
      "layerwise_trainer.run",
      options.runDir,
    ],
    {
      cwd: options.runDir,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...options.env,
        PYTHONPATH: [PYTHON_DIR, process.env.PYTHONPATH].filter(Boolean).join(":"),
        PYTHONUNBUFFERED: "1",
      },
    },
  );
  let tail = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on("line", options.onLine);
  const stdoutClosed = new Promise<void>((resolve) => lines.on("close", resolve));
  let done = false;
  const exited = new Promise<TRunnerExit>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      done = true;
      // Every line is delivered before the exit is reported.
      void stdoutClosed.then(() => resolve({ code, signal }));
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.python}`);
  const pid = child.pid;
  return {
    pid,
    exited,
    stderrTail: () => tail,
    signal(signal) {
      if (done) return;
      try {
        process.kill(-pid, signal);
      } catch (error) {
        if ((error as { code?: string }).code !== "ESRCH") throw error;
      }
    },
  };
}
