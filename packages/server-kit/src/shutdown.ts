import type { TLogger } from "./log";

/**
 * Runs `cleanup` once on SIGTERM or SIGINT, then exits 0 (or 1 when cleanup fails or takes
 * longer than `timeoutMs`), so that orchestrators and Ctrl-C stop the service cleanly.
 */
export function onShutdown(log: TLogger, cleanup: () => Promise<void>, timeoutMs = 10_000): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const timer = setTimeout(() => {
      log.error("shutdown timed out", { timeoutMs });
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    cleanup().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        log.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
