"use client";

import type { TDiagnostic } from "@layerwise/graph-core";
import { memo, useCallback, useEffect, useRef, useState } from "react";
import type { TDatasetDto } from "@/features/datasets/schemas";
import { RunLiveView } from "./run-live-view";
import { TrainForm, type TTrainRequest } from "./train-form";

interface TProps {
  projectId: string;
  teamId: string;
  /** Editors and owners (not viewers, not archived projects). */
  canTrain: boolean;
  /** Every local edit is stored on the server: the run trains what the user sees. */
  saved: boolean;
}

type TSubmitResult =
  { ok: true; runId: string } | { ok: false; error: string; diagnostics: TDiagnostic[] };

async function postRun(
  projectId: string,
  request: TTrainRequest,
  acceptWarnings: boolean,
): Promise<TSubmitResult> {
  try {
    const res = await fetch(`/api/projects/${projectId}/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...request, acceptWarnings }),
    });
    const json = (await res.json()) as {
      run?: { id: string };
      error?: string;
      diagnostics?: TDiagnostic[];
    };
    if (res.ok && json.run) return { ok: true, runId: json.run.id };
    return {
      ok: false,
      error: json.error ?? `Training could not start (${res.status}).`,
      diagnostics: json.diagnostics ?? [],
    };
  } catch {
    return {
      ok: false,
      error: "The server cannot be reached. Check your connection and try again.",
      diagnostics: [],
    };
  }
}

/** Waits for `saved` after a local edit: it turns false with the edit and true once stored. */
function useSaveBarrier(saved: boolean) {
  const waiter = useRef<{ sawUnsaved: boolean; resolve: () => void } | null>(null);
  useEffect(() => {
    const w = waiter.current;
    if (!w) return;
    if (!saved) w.sawUnsaved = true;
    else if (w.sawUnsaved) {
      waiter.current = null;
      w.resolve();
    }
  }, [saved]);
  return useCallback(
    (edited: boolean) =>
      new Promise<void>((resolve) => {
        if (!edited && saved) return resolve();
        waiter.current = { sawUnsaved: !saved, resolve };
        // An edit that changed nothing on the server never flips `saved`: do not wait forever.
        setTimeout(() => {
          if (waiter.current?.resolve === resolve && !waiter.current.sawUnsaved) {
            waiter.current = null;
            resolve();
          }
        }, 1500);
      }),
    [saved],
  );
}

function TrainButtonView({ projectId, teamId, canTrain, saved }: TProps) {
  const [open, setOpen] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const [datasets, setDatasets] = useState<TDatasetDto[]>([]);
  const [phase, setPhase] = useState<"idle" | "saving" | "submitting">("idle");
  const [failure, setFailure] = useState<{ error: string; diagnostics: TDiagnostic[] } | null>(
    null,
  );
  const waitForSave = useSaveBarrier(saved);

  useEffect(() => {
    if (!open || datasets.length > 0) return;
    void fetch(`/api/datasets?teamId=${encodeURIComponent(teamId)}`)
      .then((r) => (r.ok ? (r.json() as Promise<{ datasets: TDatasetDto[] }>) : { datasets: [] }))
      .then((j) => setDatasets(j.datasets))
      .catch(() => setFailure({ error: "The datasets could not be loaded.", diagnostics: [] }));
  }, [open, datasets.length, teamId]);

  const submit = async (request: TTrainRequest, edited: boolean, acceptWarnings: boolean) => {
    setFailure(null);
    setPhase("saving");
    await waitForSave(edited);
    setPhase("submitting");
    const result = await postRun(projectId, request, acceptWarnings);
    setPhase("idle");
    if (result.ok) setRunId(result.runId);
    else setFailure({ error: result.error, diagnostics: result.diagnostics });
  };

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        disabled={!canTrain && !runId}
        title={canTrain ? "Train this model" : "Viewers cannot start training"}
        className="rounded bg-indigo-600 px-2 py-1 text-xs font-medium text-white hover:bg-indigo-500 disabled:opacity-40"
      >
        {runId ? "Training…" : "Train"}
      </button>
      {open && (
        <aside
          role="dialog"
          aria-label="Training"
          className="fixed inset-y-0 right-0 z-50 flex w-[46rem] max-w-full flex-col gap-4 overflow-auto border-l border-slate-200 bg-white p-4 shadow-2xl dark:border-slate-800 dark:bg-slate-900"
        >
          <div className="flex items-center justify-between">
            <h2 className="text-base font-semibold">Train</h2>
            <button
              type="button"
              onClick={() => setOpen(false)}
              aria-label="Close training panel"
              className="px-2 text-lg"
            >
              ×
            </button>
          </div>
          {runId ? (
            <>
              <RunLiveView key={runId} runId={runId} canCancel={canTrain} showRunLink />
              <button
                type="button"
                onClick={() => setRunId(null)}
                className="self-start text-xs underline"
              >
                Configure another run
              </button>
            </>
          ) : (
            <>
              {phase === "saving" && (
                <p className="text-xs text-slate-500">Waiting for your last edit to be saved…</p>
              )}
              {failure && (
                <p
                  role="alert"
                  data-testid="train-failure"
                  className="rounded bg-red-50 px-2 py-1 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
                >
                  {failure.error}
                </p>
              )}
              <TrainForm
                datasets={datasets}
                serverDiagnostics={failure?.diagnostics ?? []}
                busy={phase !== "idle"}
                onSubmit={submit}
              />
            </>
          )}
        </aside>
      )}
    </>
  );
}

/** The editor toolbar's Train button and its panel: the form, then the run's live view. */
export const TrainButton = memo(TrainButtonView);
