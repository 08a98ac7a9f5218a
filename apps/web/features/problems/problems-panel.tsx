"use client";

import { isFixable, type TDiagnostic } from "@layerwise/graph-core";
import { useReactFlow } from "@xyflow/react";
import { memo, useMemo } from "react";
import { CulpritNote } from "../collaboration/culprit-note";
import { useEditor, useEditorContext } from "../editor/editor-context";
import { FixSuggestion, ReorderFix } from "./fix-suggestion";

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Every diagnostic of the model, errors first; clicking one selects and centres its node. */
function ProblemsPanelView() {
  const { store } = useEditorContext();
  const analysis = useEditor((s) => s.analysis);
  const flow = useReactFlow();
  const items = useMemo(() => {
    const all: TDiagnostic[] = [...analysis.diagnostics];
    for (const a of analysis.nodes.values()) all.push(...a.diagnostics);
    return all.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  }, [analysis]);

  const focus = (id: string) => {
    store.select([id]);
    const node = flow.getInternalNode(id);
    if (node) {
      const w = node.measured.width ?? 0;
      const h = node.measured.height ?? 0;
      void flow.setCenter(
        node.internals.positionAbsolute.x + w / 2,
        node.internals.positionAbsolute.y + h / 2,
        { zoom: Math.max(flow.getZoom(), 1), duration: 300 },
      );
    }
  };

  if (!items.length)
    return <p className="p-3 text-sm text-slate-500">No problems: every node has a shape.</p>;
  return (
    <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="problems">
      {items.map((d, i) => (
        <li key={`${d.node ?? ""}:${d.code}:${i}`} className="flex items-start">
          <button
            type="button"
            disabled={!d.node}
            onClick={() => d.node && focus(d.node)}
            className="flex w-full gap-2 px-3 py-1.5 text-left hover:bg-slate-100 disabled:cursor-default dark:hover:bg-slate-800"
            data-testid="problem"
            data-severity={d.severity}
            data-node={d.node ?? ""}
          >
            <span
              className={`mt-0.5 h-2 w-2 shrink-0 rounded-full ${d.severity === "error" ? "bg-red-600" : d.severity === "warning" ? "bg-amber-500" : "bg-slate-400"}`}
            />
            <span>
              {d.node ? (
                <span className="font-mono text-xs text-slate-500">{d.node} · </span>
              ) : null}
              {d.message}
              {d.hint ? <span className="block text-xs text-slate-500">Fix: {d.hint}</span> : null}
              {d.node && d.severity === "error" ? <CulpritNote nodeId={d.node} /> : null}
            </span>
          </button>
          {isFixable(d) ? (
            <span className="shrink-0 py-1.5 pr-3">
              <FixSuggestion diagnostic={d} />
            </span>
          ) : d.code === "layer-order" ? (
            <span className="shrink-0 py-1.5 pr-3">
              <ReorderFix diagnostic={d} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The problems list. */
export const ProblemsPanel = memo(ProblemsPanelView);
