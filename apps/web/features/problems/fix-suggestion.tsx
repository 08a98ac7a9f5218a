"use client";

import { suggestFixes, suggestReorder, type TDiagnostic, type TFix } from "@layerwise/graph-core";
import { reorder, setParam } from "@layerwise/model-doc";
import { memo, useState } from "react";
import { useEditorContext } from "../editor/editor-context";

/**
 * "Find the cause" for a size error: graph-core re-analyses candidate changes upstream and
 * offers only fixes whose re-analysis removed the error; one click applies one (an undo step).
 * Searched on demand, not on every keystroke: a search is up to a few hundred analyses.
 */
function FixSuggestionView({ diagnostic }: { diagnostic: TDiagnostic }) {
  const { store, readOnly } = useEditorContext();
  const [fixes, setFixes] = useState<TFix[] | null>(null);
  const search = () => {
    const { flow, analysis } = store.getState();
    setFixes(suggestFixes(flow, analysis, diagnostic));
  };
  const apply = (fix: TFix) => {
    store.undo.stopCapturing();
    setParam(store.ydoc, fix.node, fix.param, fix.to);
    store.undo.stopCapturing();
    setFixes(null);
  };
  if (fixes === null)
    return (
      <button
        type="button"
        onClick={search}
        className="ml-2 rounded border border-slate-300 px-1.5 text-xs text-slate-600 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
        data-testid="find-cause"
      >
        Find the cause
      </button>
    );
  if (!fixes.length)
    return (
      <span className="block text-xs text-slate-500" data-testid="no-fix">
        No single parameter change upstream removes this error.
      </span>
    );
  return (
    <span className="block text-xs" data-testid="fixes">
      {fixes.map((f) => (
        <span key={`${f.node}:${f.param}`} className="mt-0.5 flex items-center gap-2">
          <span className="font-mono text-slate-700 dark:text-slate-200" data-testid="fix">
            {f.message}
          </span>
          {readOnly ? null : (
            <button
              type="button"
              onClick={() => apply(f)}
              className="rounded bg-sky-600 px-1.5 text-white hover:bg-sky-700"
              data-testid="apply-fix"
            >
              Apply
            </button>
          )}
        </span>
      ))}
    </span>
  );
}

/** A confirmed fix for one error diagnostic, searched on request. */
export const FixSuggestion = memo(FixSuggestionView);

/**
 * The one-click fix of a `layer-order` warning: move the activation that precedes the norm to
 * after it. Checked on click (graph-core re-analyses the moved model) rather than on every render.
 */
function ReorderFixView({ diagnostic }: { diagnostic: TDiagnostic }) {
  const { store, readOnly } = useEditorContext();
  const [refused, setRefused] = useState(false);
  const { flow } = store.getState();
  const norm = flow.nodes.find((n) => n.id === diagnostic.node);
  const act = flow.nodes.find(
    (n) => n.id === flow.edges.find((e) => e.target === norm?.id)?.source,
  );
  if (readOnly || !norm || !act) return null;
  if (refused)
    return (
      <span className="block text-xs text-slate-500" data-testid="no-reorder">
        {act.type} &quot;{act.id}&quot; also feeds other layers: move it by hand.
      </span>
    );
  const apply = () => {
    const { flow: now, analysis } = store.getState();
    const fix = suggestReorder(now, analysis, diagnostic);
    if (!fix) return setRefused(true);
    store.undo.stopCapturing();
    reorder(store.ydoc, fix.move, fix.after);
    store.undo.stopCapturing();
  };
  return (
    <button
      type="button"
      onClick={apply}
      className="ml-2 rounded bg-sky-600 px-1.5 text-xs text-white hover:bg-sky-700"
      data-testid="apply-reorder"
    >
      Move {act.type} after {norm.type}
    </button>
  );
}

/** "Move ReLU after BatchNorm2d" for a layer-order warning. */
export const ReorderFix = memo(ReorderFixView);
