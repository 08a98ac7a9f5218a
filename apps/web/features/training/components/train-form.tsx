"use client";

import { setParam } from "@layerwise/model-doc";
import type { TDiagnostic } from "@layerwise/graph-core";
import { useMemo, useState } from "react";
import type { TDatasetDto } from "@/features/datasets/schemas";
import { useEditor, useEditorContext } from "@/features/editor/editor-context";
import { defaultDatasetId, previewTraining } from "./train-checks";

/** What the form submits: the dataset and the config overrides of this run. */
export interface TTrainRequest {
  dataset: string;
  config: { epochs: number; batch_size: number };
}

function DiagnosticList({
  items,
  tone,
  testId,
}: {
  items: readonly TDiagnostic[];
  tone: "error" | "warning";
  testId: string;
}) {
  if (items.length === 0) return null;
  return (
    <ul
      data-testid={testId}
      className={`list-disc pl-5 text-xs ${tone === "error" ? "text-red-800 dark:text-red-300" : "text-amber-800 dark:text-amber-300"}`}
    >
      {items.map((d, i) => (
        <li key={i}>
          {d.node && <code>{d.node}</code>} {d.message}
          {d.hint && <span className="text-slate-500"> — {d.hint}</span>}
        </li>
      ))}
    </ul>
  );
}

const FIELD =
  "w-24 rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

/**
 * The Train form: the dataset the Input binds (written to the model), the training resolution
 * (the Input's H×W), epochs and batch size for this run, and the problems graph-core sees.
 */
export function TrainForm({
  datasets,
  serverDiagnostics,
  busy,
  onSubmit,
}: {
  datasets: TDatasetDto[];
  serverDiagnostics: TDiagnostic[];
  busy: boolean;
  onSubmit: (request: TTrainRequest, edited: boolean, acceptWarnings: boolean) => void;
}) {
  const { store, readOnly } = useEditorContext();
  const flow = useEditor((s) => s.flow);
  const analysis = useEditor((s) => s.analysis);
  const initial = useMemo(() => previewTraining(flow, analysis, null).settings, [flow, analysis]);
  const [datasetId, setDatasetId] = useState(() => initial?.dataset ?? defaultDatasetId(initial));
  const [resolution, setResolution] = useState(() => initial?.input.shape[1] ?? 128);
  const [epochs, setEpochs] = useState(() => initial?.config.epochs ?? 20);
  const [batch, setBatch] = useState(() => initial?.config.batch_size ?? 8);
  const dataset = datasets.find((d) => d.id === datasetId) ?? null;
  const preview = useMemo(
    () => previewTraining(flow, analysis, dataset),
    [flow, analysis, dataset],
  );
  const inputId = preview.settings?.inputNode ?? null;
  const shape = preview.settings?.input.shape ?? [];
  const channels = dataset?.sampleShape[0] ?? shape[0] ?? 3;

  const submit = (acceptWarnings: boolean) => {
    let edited = false;
    if (inputId && !readOnly) {
      // The dataset binding and resolution belong to the model (the server trains the stored one).
      if (preview.settings?.dataset !== datasetId) {
        setParam(store.ydoc, inputId, "dataset", datasetId);
        edited = true;
      }
      if (shape.length === 3 && (shape[1] !== resolution || shape[2] !== resolution)) {
        setParam(store.ydoc, inputId, "shape", [shape[0]!, resolution, resolution]);
        edited = true;
      }
    }
    onSubmit({ dataset: datasetId, config: { epochs, batch_size: batch } }, edited, acceptWarnings);
  };
  const fixChannels = () =>
    inputId &&
    setParam(store.ydoc, inputId, "shape", [
      channels,
      shape[1] ?? resolution,
      shape[2] ?? resolution,
    ]);
  const blocking = preview.errors.length > 0;
  const warnings =
    serverDiagnostics.length > 0
      ? serverDiagnostics.filter((d) => d.severity === "warning")
      : preview.warnings;
  const serverErrors = serverDiagnostics.filter((d) => d.severity === "error");
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => (e.preventDefault(), submit(false))}
      aria-label="Train"
    >
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Dataset</span>
        <select
          value={datasetId}
          onChange={(e) => setDatasetId(e.target.value)}
          disabled={readOnly}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} — {d.task}, {d.count} × [{d.sampleShape.join(", ")}]
            </option>
          ))}
        </select>
      </label>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Resolution</span>
          <input
            type="number"
            aria-label="Resolution"
            min={8}
            max={1024}
            value={resolution}
            onChange={(e) => setResolution(Number(e.target.value))}
            className={FIELD}
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Epochs</span>
          <input
            type="number"
            aria-label="Epochs"
            min={1}
            max={10000}
            value={epochs}
            onChange={(e) => setEpochs(Number(e.target.value))}
            className={FIELD}
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Batch size</span>
          <input
            type="number"
            aria-label="Batch size"
            min={1}
            max={4096}
            value={batch}
            onChange={(e) => setBatch(Number(e.target.value))}
            className={FIELD}
          />
        </label>
      </div>
      <p className="text-xs text-slate-500">
        {preview.settings
          ? `${preview.settings.task}, loss ${preview.settings.config.loss}, ${preview.settings.config.optimizer} lr ${preview.settings.config.lr}, seed ${preview.settings.config.seed} (set on the Output node).`
          : "Add an Input and an Output node to train."}
      </p>
      <DiagnosticList
        items={[...preview.errors, ...serverErrors]}
        tone="error"
        testId="train-errors"
      />
      {preview.errors.some((d) => d.node === inputId && /channel/.test(d.message)) && !readOnly && (
        <button
          type="button"
          onClick={fixChannels}
          className="self-start rounded border px-2 py-1 text-xs"
        >
          Use {channels} input channels
        </button>
      )}
      <DiagnosticList items={warnings} tone="warning" testId="train-warnings" />
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={busy || blocking || readOnly}
          className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          {busy ? "Submitting…" : "Start training"}
        </button>
        {warnings.length > 0 && (
          <button
            type="button"
            disabled={busy || blocking || readOnly}
            onClick={() => submit(true)}
            className="rounded border border-amber-400 px-3 py-1.5 text-sm disabled:opacity-50"
          >
            Accept {warnings.length} warning{warnings.length === 1 ? "" : "s"} and train
          </button>
        )}
      </div>
    </form>
  );
}
