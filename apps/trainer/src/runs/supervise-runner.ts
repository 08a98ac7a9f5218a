import type { TTrainerContext } from "./context";
import type { RunSession } from "./run-session";
import { heartbeat } from "./run-store";
import type { TRunnerExit } from "./runner-process";

/** Why the runner stopped early, if it did. */
export type TStopReason = "cancel" | "lost" | "shutdown" | "time-limit" | null;

/** A run's runner while it trains; `stop()` is how shutdown interrupts it. */
export interface TSupervised {
  done: Promise<{ exit: TRunnerExit; reason: TStopReason; stderr: string }>;
  stop(reason: Exclude<TStopReason, null>): void;
  /** Beats now (reading the cancel flag) instead of at the next interval: a cancel was asked. */
  checkNow(): void;
}

/**
 * Runs the runner for one run: a heartbeat every `heartbeatMs` that also reads the cancel flag
 * (and at once on `checkNow()`, when the web app announced a cancel), SIGTERM to the process
 * group on cancel (the runner writes `end: cancelled`) and SIGKILL after
 * `killGraceMs`, so a cancel frees the device within seconds even if the runner hangs.
 */
export function superviseRunner(
  ctx: TTrainerContext,
  session: RunSession,
  runId: string,
  runDir: string,
): TSupervised {
  const runner = ctx.runners.start(runDir, (line) => session.acceptLine(line));
  let reason: TStopReason = null;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (why: Exclude<TStopReason, null>) => {
    if (reason !== null) return;
    reason = why;
    if (why === "lost") {
      runner.signal("SIGKILL");
      return;
    }
    runner.signal("SIGTERM");
    killTimer = setTimeout(() => runner.signal("SIGKILL"), ctx.killGraceMs);
  };
  let beating = false;
  let beatAgain = false;
  const beatNow = () => {
    if (beating) {
      beatAgain = true; // the flag may have been set after this beat read it
      return;
    }
    beating = true;
    heartbeat(ctx.db, runId, ctx.workerId)
      .then((state) => {
        if (state === null) stop("lost");
        else if (state.cancelRequested) stop("cancel");
      })
      .catch((error: unknown) => ctx.log.warn("heartbeat failed", { runId, error }))
      .finally(() => {
        beating = false;
        if (beatAgain && reason === null) {
          beatAgain = false;
          beatNow();
        }
      });
  };
  const beat = setInterval(beatNow, ctx.heartbeatMs);
  // The runner enforces max_seconds itself; this is the backstop for a runner that cannot.
  const deadline = setTimeout(() => stop("time-limit"), (ctx.limits.max_seconds + 60) * 1000);
  const done = runner.exited.then(async (exit) => {
    clearInterval(beat);
    clearTimeout(deadline);
    if (killTimer) clearTimeout(killTimer);
    runner.signal("SIGKILL"); // DataLoader workers left in the group, if any
    ctx.runners.warm(); // the cores are free: the next run's runner can start now
    await session.drain();
    return { exit, reason, stderr: runner.stderrTail() };
  });
  return { done, stop, checkNow: beatNow };
}
