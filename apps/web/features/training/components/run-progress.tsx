import type { TRunLiveState } from "./run-state";

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** Epoch and step progress with the runner's ETA and throughput. */
export function RunProgress({ live }: { live: TRunLiveState }) {
  const total = live.epochs ?? 0;
  const p = live.progress;
  const done = live.status === "succeeded";
  const fraction = done
    ? 1
    : p && total > 0
      ? Math.min(1, (p.epoch - 1 + p.step / p.steps) / total)
      : 0;
  return (
    <div
      className="flex flex-col gap-1"
      data-testid="run-progress"
      data-fraction={fraction.toFixed(4)}
    >
      <div
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        className="h-2.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
      >
        <div
          className="h-full bg-indigo-600 transition-[width] duration-300"
          style={{ width: `${fraction * 100}%` }}
        />
      </div>
      <div className="flex flex-wrap gap-x-4 text-xs text-slate-600 dark:text-slate-300">
        {p ? (
          <>
            <span data-testid="run-epoch">
              Epoch {p.epoch} / {total || "?"}
            </span>
            <span>
              Step {p.step} / {p.steps}
            </span>
            {p.eta_s !== null && !done && <span>ETA {formatSeconds(p.eta_s)}</span>}
            {p.images_per_s !== null && <span>{p.images_per_s.toFixed(1)} img/s</span>}
          </>
        ) : (
          <span>
            {live.status === "queued" || live.status === null
              ? "Waiting for a worker…"
              : "Starting…"}
          </span>
        )}
      </div>
    </div>
  );
}
