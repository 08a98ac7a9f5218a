import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
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

/** What a spare runner writes on stderr once it has imported everything (run.py `READY`). */
const READY = "layerwise-runner: ready";

/** A runner process not yet given its run: started, importing or waiting on stdin. */
interface TWaitingRunner {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when the runner has imported everything and waits (false: it died first). */
  ready: Promise<boolean>;
  process: TRunnerProcess;
  /** Delivers stdout lines to `onLine` from now on (and any that came before). */
  attach(onLine: (line: string) => void): void;
}

/**
 * Spawns `python -m layerwise_trainer.run --wait` in its own process group: it imports torch and
 * the runner, then reads its run directory from stdin (`hand()`), so the same process can be
 * started ahead of a run (a spare) or for it.
 */
function spawnWaiting(python: string, cwd: string): TWaitingRunner {
  const child = spawn(
    python,
    ["-c", LAUNCHER, String(process.pid), python, "-m", "layerwise_trainer.run", "--wait"],
    {
      cwd,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
      env: {
        ...process.env,
        PYTHONPATH: [PYTHON_DIR, process.env.PYTHONPATH].filter(Boolean).join(":"),
        PYTHONUNBUFFERED: "1",
      },
    },
  );
  child.stdin.on("error", () => undefined); // a runner that died before its run: see `exited`
  let tail = "";
  let markReady: (ok: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => (markReady = resolve));
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    if (chunk.includes(READY)) {
      markReady(true);
      chunk = chunk.replace(`${READY}\n`, "");
    }
    tail = (tail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  let deliver: ((line: string) => void) | null = null;
  const early: string[] = [];
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on("line", (line) => (deliver ? deliver(line) : early.push(line)));
  const stdoutClosed = new Promise<void>((resolve) => lines.on("close", resolve));
  let done = false;
  const exited = new Promise<TRunnerExit>((resolve, reject) => {
    child.on("error", (error) => {
      markReady(false);
      reject(error);
    });
    child.on("close", (code, signal) => {
      done = true;
      markReady(false);
      // Every line is delivered before the exit is reported.
      void stdoutClosed.then(() => resolve({ code, signal }));
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${python}`);
  const pid = child.pid;
  return {
    child,
    ready,
    attach(onLine) {
      deliver = onLine;
      for (const line of early.splice(0)) onLine(line);
    },
    process: {
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
    },
  };
}

/** Gives a waiting runner its run directory: from here on it is that run's runner. */
function hand(waiting: TWaitingRunner, runDir: string, onLine: (line: string) => void) {
  waiting.attach(onLine);
  waiting.child.stdin.end(`${runDir}\n`);
  return waiting.process;
}

/** Starts runners for a trainer, from a spare started ahead of the run when there is one. */
export interface TRunnerLauncher {
  start(runDir: string, onLine: (line: string) => void): TRunnerProcess;
  /** Starts a spare unless one is there (call it when no run needs the cores). */
  warm(): void;
  /** Resolves once the spare (if any) has imported everything and waits. */
  ready(): Promise<boolean>;
  /** Stops the spare. */
  close(): Promise<void>;
}

/**
 * With `spare`, the launcher keeps one runner started ahead of the next run: Python's start,
 * `import torch` and torch._dynamo (3–4 s on a small CPU) are then off the path from Train to
 * the first step. A spare is started by `warm()` (at start-up and after each run, not while
 * one trains, whose cores it would take) and costs one idle Python with torch in memory.
 * Without `spare`, each run starts its own.
 */
export function createRunnerLauncher(o: {
  python: string;
  workDir: string;
  spare: boolean;
}): TRunnerLauncher {
  let spare: TWaitingRunner | null = null;
  let closed = false;
  const alive = (w: TWaitingRunner) => w.child.exitCode === null && w.child.signalCode === null;
  return {
    start(runDir, onLine) {
      const taken = spare && alive(spare) ? spare : null;
      spare = null;
      return hand(taken ?? spawnWaiting(o.python, runDir), runDir, onLine);
    },
    warm() {
      if (!o.spare || closed || (spare && alive(spare))) return;
      mkdirSync(o.workDir, { recursive: true });
      spare = spawnWaiting(o.python, o.workDir);
      spare.process.exited.catch(() => undefined);
    },
    ready: async () => (spare ? spare.ready : false),
    async close() {
      closed = true;
      const last = spare;
      spare = null;
      if (!last) return;
      last.process.signal("SIGKILL");
      await last.process.exited.catch(() => undefined);
    },
  };
}
