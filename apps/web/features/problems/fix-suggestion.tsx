"use client";

import { suggestFixes, type TDiagnostic, type TFix } from "@layerwise/graph-core";
import { setParam } from "@layerwise/model-doc";
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
