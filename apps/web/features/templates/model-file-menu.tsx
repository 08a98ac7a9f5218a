"use client";

import {
  listTemplates,
  loadTemplate,
  parseModelFlow,
  type TModelFlow,
  type TTemplateId,
} from "@layerwise/graph-core";
import {
  REPLACE_ORIGIN,
  docToModelFlow,
  modelFlowToDoc,
  setMeta,
  suggestedAlignment,
} from "@layerwise/model-doc";
import { memo, useRef, type ChangeEvent } from "react";
import { downloadFile, fileStem } from "../../lib/client-only/download";
import { useEditorContext } from "../editor/editor-context";
import { modelToSvg, svgToPng } from "../figure/model-figure";
import { blankModel } from "./blank-model";
import { IMPORT_ACCEPT, IMPORT_TITLE, importHint } from "./import-help";

const TEMPLATES = listTemplates();
const BUTTON =
  "rounded px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-40 dark:hover:bg-slate-800";

/** Reads a model-flow file; a bad file yields a message and leaves the current model alone. */
export function readModelFile(
  text: string,
): { ok: true; flow: ReturnType<typeof blankModel> } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      message: `This file is not JSON (${e instanceof Error ? e.message : String(e)}).`,
    };
  }
  const parsed = parseModelFlow(json);
  if (!parsed.ok) {
    const first = parsed.errors.slice(0, 3).map((e) => `${e.path || "document"}: ${e.message}`);
    return {
      ok: false,
      message: `This is not a Layerwise model-flow file — ${first.join("; ")}${parsed.errors.length > 3 ? "; …" : ""}`,
    };
  }
  return { ok: true, flow: parsed.doc };
}

/** New (blank / template), import, export JSON, and figure export. */
function ModelFileMenuView({ onMessage }: { onMessage: (message: string | null) => void }) {
  const { store, readOnly } = useEditorContext();
  const fileRef = useRef<HTMLInputElement>(null);

  /**
   * Replaces the model — after asking, when the current one has layers of its own (a replace is
   * not an undo step) — and opens it in the alignment it suggests (U-Net when it has skips).
   */
  const replaceModel = (flow: TModelFlow, what: string) => {
    const layers = store
      .getState()
      .flow.nodes.filter((n) => n.type !== "Input" && n.type !== "Output").length;
    const ask = `Replace the current model (${layers} layer${layers === 1 ? "" : "s"}) with ${what}? This cannot be undone; save a version first to keep it.`;
    if (layers > 0 && !window.confirm(ask)) return;
    store.ydoc.transact(() => {
      modelFlowToDoc(store.ydoc, flow);
      setMeta(store.ydoc, "alignment", suggestedAlignment(flow), REPLACE_ORIGIN);
    }, REPLACE_ORIGIN);
    onMessage(null);
  };
  const onTemplate = (e: ChangeEvent<HTMLSelectElement>) => {
    const id = e.target.value;
    e.target.value = "";
    if (!id) return;
    const flow = id === "blank" ? blankModel() : loadTemplate(id as TTemplateId);
    replaceModel(flow, id === "blank" ? "a blank model" : `the ${flow.name} template`);
  };
  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    const hint = importHint(file.name);
    if (hint !== null) return onMessage(hint);
    const result = readModelFile(await file.text());
    if (!result.ok) return onMessage(`${file.name}: ${result.message}`);
    replaceModel(result.flow, file.name);
  };
  const exportJson = () => {
    const flow = docToModelFlow(store.ydoc);
    downloadFile(
      `${fileStem(flow.name)}.model-flow.json`,
      `${JSON.stringify(flow, null, 2)}\n`,
      "application/json",
    );
  };
  const svg = () =>
    modelToSvg(store.getState(), document.documentElement.classList.contains("dark"));
  const stem = () => fileStem(store.getState().flow.name);

  return (
    <div className="flex items-center gap-1">
      <select
        aria-label="New model from template"
        defaultValue=""
        onChange={onTemplate}
        disabled={readOnly}
        className={`${BUTTON} border border-slate-300 bg-transparent dark:border-slate-700`}
      >
        <option value="" disabled>
          New…
        </option>
        <option value="blank">Blank model</option>
        {TEMPLATES.map((t) => (
          <option key={t.id} value={t.id} title={t.description}>
            {t.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={BUTTON}
        disabled={readOnly}
        title={IMPORT_TITLE}
        onClick={() => fileRef.current?.click()}
      >
        Import
      </button>
      <input
        ref={fileRef}
        type="file"
        accept={IMPORT_ACCEPT}
        className="hidden"
        data-testid="import-file"
        onChange={(e) => void onImport(e)}
      />
      <button type="button" className={BUTTON} onClick={exportJson}>
        Export JSON
      </button>
      <button
        type="button"
        className={BUTTON}
        onClick={() => downloadFile(`${stem()}.svg`, svg(), "image/svg+xml")}
      >
        Figure SVG
      </button>
      <button
        type="button"
        className={BUTTON}
        onClick={() =>
          void svgToPng(svg()).then(
            (png) => downloadFile(`${stem()}.png`, png, "image/png"),
            (err: unknown) => onMessage(String(err)),
          )
        }
      >
        Figure PNG
      </button>
    </div>
  );
}

/** The model file menu. */
export const ModelFileMenu = memo(ModelFileMenuView);
