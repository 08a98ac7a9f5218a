"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { RUN_ARTIFACTS } from "@layerwise/protocol";
import { useMemo, useState } from "react";
import { apiFetch } from "@/components/api-fetch";
import { MetricCharts } from "./metric-charts";
import { RunProgress } from "./run-progress";
import type { TRunLiveState } from "./run-state";
import { TrainingCharts } from "./training-charts";
import { useRunStream, type TRunDetail } from "./use-run-stream";

const STATUS_STYLE: Record<string, string> = {
  queued: "bg-slate-200 text-slate-800",
  running: "bg-sky-100 text-sky-900",
  succeeded: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  cancelled: "bg-amber-100 text-amber-900",
};

const pct = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(3));

function BestLine({ live }: { live: TRunLiveState }) {
  if (!live.best) return null;
  const b = live.best;
  return (
    <p className="text-sm" data-testid="run-best">
      Best epoch {b.epoch}:{" "}
      {b.val_acc !== undefined ? (
        <>accuracy {pct(b.val_acc)}</>
      ) : (
        <>
          IoU <strong data-testid="run-best-iou">{pct(b.val_iou)}</strong> · Dice {pct(b.val_dice)}
        </>
      )}
      {live.peakMemoryMb !== null && <> · peak memory {Math.round(live.peakMemoryMb)} MB</>}
    </p>
  );
}

function LogTail({ live }: { live: TRunLiveState }) {
  if (live.logs.length === 0) return null;
  return (
    <details open className="text-xs">
      <summary className="cursor-pointer text-slate-500">Log ({live.logs.length} lines)</summary>
      <pre
        data-testid="run-log"
        className="mt-1 max-h-40 overflow-auto rounded bg-slate-950 p-2 text-slate-100"
      >
        {live.logs
          .map((l) => (l.level === "info" ? l.message : `[${l.level}] ${l.message}`))
          .join("\n")}
      </pre>
    </details>
  );
}

function Header({ run, live }: { run: TRunDetail | null; live: TRunLiveState }) {
  const status = live.status ?? run?.status ?? "queued";
  const device = live.device ?? run?.device;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <h2 className="font-semibold">Run #{run?.number ?? "…"}</h2>
      <span
        data-testid="run-status"
        data-status={status}
        className={`rounded px-2 py-0.5 text-xs ${STATUS_STYLE[status] ?? ""}`}
      >
        {status}
      </span>
      {status === "queued" && typeof run?.queuePosition === "number" && (
        <span className="text-xs" data-testid="queue-position">
          Queue position {run.queuePosition}
        </span>
      )}
      {device && (
        <span className="text-xs text-slate-500" data-testid="run-device">
          {device}
          {(live.torch ?? run?.torchVersion) && ` · torch ${live.torch ?? run?.torchVersion}`}
          {live.threads !== null && ` · ${live.threads} threads`}
        </span>
      )}
      {run?.dataset && <span className="text-xs text-slate-500">dataset {run.dataset.name}</span>}
    </div>
  );
}

/**
 * A run followed live: status, queue position, progress (epoch, step, ETA), loss and IoU charts,
 * the best epoch, the log tail and, when it is over, its artifacts. `canCancel` for editors: it
 * also offers Delete once the run is over. `detailed` (the run page) adds the per-epoch metric
 * charts with smoothing, zoom, an epoch / wall-time axis and exports.
 */
export function RunLiveView({
  runId,
  canCancel,
  showRunLink = false,
  detailed = false,
}: {
  runId: string;
  canCancel: boolean;
  showRunLink?: boolean;
  detailed?: boolean;
}) {
  const { run, live, refresh } = useRunStream(runId);
  const router = useRouter();
  const runNumber = run?.number ?? 0;
  // The stored epochs (GET /api/runs/:id) until the event stream has caught up with them.
  const stored = run?.epochs;
  const epochs = stored && stored.length > live.epochPoints.length ? stored : live.epochPoints;
  const chartRuns = useMemo(() => [{ number: runNumber, epochs }], [runNumber, epochs]);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const status = live.status ?? run?.status ?? "queued";
  const over = status === "succeeded" || status === "failed" || status === "cancelled";
  // Classification epochs carry val_acc (and a mean class IoU); segmentation ones val_dice.
  const classification = live.epochPoints.some((e) => e.val_acc !== null);
  const cancel = async () => {
    const res = await apiFetch(`/api/runs/${runId}/cancel`, { method: "POST" });
    setCancelError(res.ok ? null : res.error);
    refresh();
  };
  const remove = async () => {
    if (!run) return;
    const sure = window.confirm(
      `Delete run #${run.number}? Its metrics, log and files are deleted for good; the model version it trained stays.`,
    );
    if (!sure) return;
    const res = await apiFetch(`/api/runs/${runId}`, { method: "DELETE" });
    if (res.ok) router.push(`/projects/${run.projectId}/runs`);
    else setCancelError(res.error);
  };
  return (
    <section className="flex flex-col gap-3" data-testid="run-live-view" aria-label="Training run">
      <Header run={run} live={live} />
      {/* A finished run without events to replay (seeded, pruned) has no progress to show. */}
      {(!detailed || !over || live.progress) && <RunProgress live={live} />}
      {(live.error ?? run?.error) && (
        <p
          role="alert"
          className="rounded bg-red-50 px-2 py-1 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {live.error ?? run?.error}
        </p>
      )}
      {(!detailed || !over || live.lastSeq > 0) && (
        <TrainingCharts live={live} classification={classification} />
      )}
      {detailed && epochs.length > 0 && (
        <MetricCharts runs={chartRuns} exportName={`run-${run?.number ?? runId}`} />
      )}
      <BestLine
        live={
          live.best || !run?.best
            ? live
            : { ...live, best: run.best, peakMemoryMb: run.peakMemoryMb }
        }
      />
      <LogTail live={live} />
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {canCancel && !over && (
          <button
            type="button"
            onClick={() => {
              if (!detailed || window.confirm("Cancel this run? It stops within 5 seconds."))
                void cancel();
            }}
            disabled={run?.cancelRequested}
            className="rounded border border-red-300 px-2 py-1 text-red-700 hover:bg-red-50 disabled:opacity-50"
          >
            {run?.cancelRequested ? "Cancelling…" : "Cancel run"}
          </button>
        )}
        {canCancel && over && detailed && (
          <button
            type="button"
            onClick={remove}
            className="rounded border border-red-300 px-2 py-1 text-red-700 hover:bg-red-50"
          >
            Delete run
          </button>
        )}
        {cancelError && <span className="text-red-700">{cancelError}</span>}
        {status === "succeeded" && (
          <span className="flex flex-wrap gap-2 text-xs" aria-label="Artifacts">
            {RUN_ARTIFACTS.map((name) => (
              <a
                key={name}
                href={`/api/runs/${runId}/artifacts/${name}`}
                className="underline"
                download
              >
                {name}
              </a>
            ))}
          </span>
        )}
        {detailed && epochs.length > 0 && (
          <span className="text-xs" aria-label="Metric exports">
            Metrics:{" "}
            <a href={`/api/runs/${runId}/metrics?format=csv`} className="underline" download>
              CSV
            </a>{" "}
            ·{" "}
            <a href={`/api/runs/${runId}/metrics?format=json`} className="underline" download>
              JSON
            </a>
          </span>
        )}
        {showRunLink && run && (
          <Link href={`/projects/${run.projectId}/runs/${runId}`} className="ml-auto underline">
            Open run page
          </Link>
        )}
        {showRunLink && run && (
          <Link href={`/projects/${run.projectId}/runs`} className="underline">
            All runs
          </Link>
        )}
      </div>
    </section>
  );
}
