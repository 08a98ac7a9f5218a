"use client";

import { memo } from "react";
import { formatCount, formatInteger } from "@layerwise/ui";
import { useEditor } from "../editor/editor-context";

/** Totals of the model: parameters (exact, as torch counts them), MACs, errors and warnings. */
function StatusBarView() {
  const analysis = useEditor((s) => s.analysis);
  const nodeCount = useEditor((s) => s.flow.nodes.length);
  return (
    <footer
      className="flex h-7 shrink-0 items-center gap-4 border-t border-slate-200 bg-white px-3 text-xs dark:border-slate-800 dark:bg-slate-900"
      data-testid="status-bar"
    >
      <span>{nodeCount} nodes</span>
      <span title={`${formatInteger(analysis.totalParams)} parameters`}>
        Params{" "}
        <span data-testid="total-params" data-value={analysis.totalParams} className="font-mono">
          {formatInteger(analysis.totalParams)}
        </span>
      </span>
      <span>
        MACs <span className="font-mono">{formatCount(analysis.totalMacs)}</span>
      </span>
      <span
        className={analysis.errorCount ? "font-semibold text-red-600" : ""}
        data-testid="error-count"
        data-value={analysis.errorCount}
      >
        {analysis.errorCount} errors
      </span>
      <span
        className={analysis.warningCount ? "text-amber-600" : ""}
        data-testid="warning-count"
        data-value={analysis.warningCount}
      >
        {analysis.warningCount} warnings
      </span>
    </footer>
  );
}

/** The status bar. */
export const StatusBar = memo(StatusBarView);
