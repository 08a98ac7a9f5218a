"use client";

import { setMeta } from "@layerwise/model-doc";
import { ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "../canvas/canvas.css";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type * as Y from "yjs";
import { ModelCanvas } from "../canvas/model-canvas";
import { CodePanel } from "../code/code-panel";
import { CollabContext, useCollab, type TCollabHandle } from "../collaboration/collab-context";
import { CollabLayer } from "../collaboration/collab-layer";
import { Inspector } from "../inspector/inspector";
import { LayerPalette } from "../palette/layer-palette";
import { ProblemsPanel } from "../problems/problems-panel";
import { StatusBar } from "../problems/status-bar";
import { SummaryTable } from "../summary/summary-table";
import { EditorContext, useEditor, useEditorContext } from "./editor-context";
import { EditorStore } from "./editor-store";
import { EditorToolbar } from "./editor-toolbar";
import { ShortcutsHelp } from "./shortcuts-help";
import { useDarkMode } from "./use-dark-mode";
import { useEditorShortcuts } from "./use-editor-shortcuts";

/** Props of the editor; the contract with its hosts (playground, project page). */
export interface TModelEditorProps {
  /** The model. The editor only reads and writes it; the host loads, syncs and saves it. */
  ydoc: Y.Doc;
  /** Viewers: no edits, no drag, no connect; selection, inspection, code and export still work. */
  readOnly?: boolean;
  /** The live session (cursors, selections, attribution of colleagues' changes); none offline. */
  collab?: TCollabHandle | null;
  /** Host actions shown in the toolbar (rendered inside the editor, so they can read the model). */
  toolbarExtra?: ReactNode;
}

type TTab = "problems" | "code" | "summary";

/**
 * The model editor: palette, live canvas, inspector, problems / code / summary panels and
 * status bar, all derived from `ydoc` (the single source of truth) through graph-core.
 */
export function ModelEditor({
  ydoc,
  readOnly = false,
  collab = null,
  toolbarExtra,
}: TModelEditorProps) {
  const store = useMemo(() => new EditorStore(ydoc, { readOnly }), [ydoc, readOnly]);
  useEffect(() => {
    store.attach();
    return () => store.detach();
  }, [store]);
  const context = useMemo(() => ({ store, readOnly }), [store, readOnly]);
  return (
    <EditorContext.Provider value={context}>
      <CollabContext.Provider value={collab}>
        <ReactFlowProvider>
          <EditorBody toolbarExtra={toolbarExtra} />
        </ReactFlowProvider>
      </CollabContext.Provider>
    </EditorContext.Provider>
  );
}

function EditorBody({ toolbarExtra }: { toolbarExtra?: ReactNode }) {
  const { store, readOnly } = useEditorContext();
  const collab = useCollab();
  const alignment = useEditor((s) => s.meta.alignment);
  const errorCount = useEditor((s) => s.analysis.errorCount);
  const [tab, setTab] = useState<TTab>("problems");
  const [help, setHelp] = useState(false);
  const [animate, setAnimate] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [dark, toggleDark] = useDarkMode();
  const searchRef = useRef<HTMLInputElement>(null);

  const actions = useMemo(
    () => ({
      toggleHelp: () => setHelp((h) => !h),
      onMessage: setMessage,
      toggleAlignment: () => {
        setAnimate(true);
        setMeta(
          store.ydoc,
          "alignment",
          store.getState().meta.alignment === "unet" ? "simple" : "unet",
        );
      },
    }),
    [store],
  );
  useEffect(() => {
    if (!animate) return;
    const t = setTimeout(() => setAnimate(false), 450);
    return () => clearTimeout(t);
  }, [animate, alignment]);
  useEditorShortcuts(store, readOnly, searchRef, actions);

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="model-editor">
      <EditorToolbar
        onMessage={setMessage}
        onToggleAlignment={actions.toggleAlignment}
        onToggleHelp={actions.toggleHelp}
        dark={dark}
        onToggleDark={toggleDark}
        extra={toolbarExtra}
      />
      {message ? (
        <div
          role="alert"
          data-testid="editor-message"
          className="flex items-start justify-between gap-2 border-b border-red-300 bg-red-50 px-3 py-1.5 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          <span>{message}</span>
          <button type="button" onClick={() => setMessage(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
      <div className="flex min-h-0 flex-1">
        {readOnly ? null : <LayerPalette searchRef={searchRef} />}
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="relative min-h-0 flex-1">
            <ModelCanvas animate={animate} dark={dark} />
            {collab ? <CollabLayer handle={collab} /> : null}
          </div>
          <section className="flex h-56 shrink-0 flex-col border-t border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <div
              role="tablist"
              className="flex gap-1 border-b border-slate-200 px-2 dark:border-slate-800"
            >
              {(["problems", "code", "summary"] as const).map((t) => (
                <button
                  key={t}
                  role="tab"
                  type="button"
                  aria-selected={tab === t}
                  onClick={() => setTab(t)}
                  className={`px-2 py-1 text-xs capitalize ${tab === t ? "border-b-2 border-sky-500 font-semibold" : "text-slate-500"}`}
                >
                  {t}
                  {t === "problems" && errorCount ? (
                    <span className="ml-1 rounded bg-red-600 px-1 text-white">{errorCount}</span>
                  ) : null}
                </button>
              ))}
            </div>
            <div className="min-h-0 flex-1 overflow-auto">
              {tab === "problems" ? (
                <ProblemsPanel />
              ) : tab === "code" ? (
                <CodePanel />
              ) : (
                <SummaryTable />
              )}
            </div>
          </section>
        </div>
        <Inspector />
      </div>
      <StatusBar />
      {help ? <ShortcutsHelp onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
