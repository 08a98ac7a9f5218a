import type { RunStatus } from "@layerwise/db";

const STYLE: Record<RunStatus, string> = {
  queued: "bg-slate-200 text-slate-800",
  running: "bg-sky-100 text-sky-800 animate-pulse",
  succeeded: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  cancelled: "bg-amber-100 text-amber-800",
};

/** A run's status as a coloured badge; `data-status` carries the raw value. */
export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span
      data-testid="run-status-badge"
      data-status={status}
      className={`rounded px-1.5 py-0.5 text-xs ${STYLE[status]}`}
    >
      {status}
    </span>
  );
}
