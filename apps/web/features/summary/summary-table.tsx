"use client";

import { memo } from "react";
import { formatInteger } from "@layerwise/ui";
import { shapeText } from "../canvas/layer-node-data";
import { useEditor } from "../editor/editor-context";

/** A torchinfo-style table: layer, output shape, params, MACs, in execution order, with totals. */
function SummaryTableView() {
  const flow = useEditor((s) => s.flow);
  const analysis = useEditor((s) => s.analysis);
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  return (
    <table className="w-full text-left font-mono text-xs" data-testid="summary">
      <thead className="sticky top-0 bg-white dark:bg-slate-900">
        <tr className="border-b border-slate-200 dark:border-slate-800">
          <th className="px-3 py-1">Layer (type)</th>
          <th className="px-3 py-1">Output shape</th>
          <th className="px-3 py-1 text-right">Params</th>
          <th className="px-3 py-1 text-right">MACs</th>
        </tr>
      </thead>
      <tbody>
        {analysis.order.map((id) => {
          const a = analysis.nodes.get(id);
          return (
            <tr key={id} className="border-b border-slate-100 dark:border-slate-800">
              <td className="px-3 py-0.5">
                {id} ({byId.get(id)?.type})
              </td>
              <td className="px-3 py-0.5">{shapeText(a?.shape ?? null)}</td>
              <td className="px-3 py-0.5 text-right">{formatInteger(a?.params ?? 0)}</td>
              <td className="px-3 py-0.5 text-right">{formatInteger(a?.macs ?? 0)}</td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr className="font-semibold">
          <td className="px-3 py-1">Total</td>
          <td />
          <td className="px-3 py-1 text-right">{formatInteger(analysis.totalParams)}</td>
          <td className="px-3 py-1 text-right">{formatInteger(analysis.totalMacs)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The summary table. */
export const SummaryTable = memo(SummaryTableView);
