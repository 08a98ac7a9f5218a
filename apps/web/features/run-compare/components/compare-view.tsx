"use client";

import { useMemo, useState } from "react";
import { MetricCharts } from "@/features/training/components/metric-charts";
import { RUN_COLORS } from "@/features/training/curves";
import { compareTable, type TTableRun } from "../compare-table";

/** A compared run as the client view receives it. */
export type TCompareViewRun = TTableRun & { id: string };

const SECTION_TITLES = {
  run: "Run",
  hyperparameters: "Hyperparameters",
  results: "Results",
} as const;

/** The hyperparameters and results table; differing rows highlighted, or only those shown. */
function CompareTable({ runs }: { runs: readonly TCompareViewRun[] }) {
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const rows = useMemo(() => compareTable(runs), [runs]);
  const shown = onlyDiffs ? rows.filter((r) => r.differs) : rows;
  return (
    <section className="flex flex-col gap-2" aria-label="Hyperparameters and results">
      <div className="flex items-center gap-4">
        <h2 className="text-lg font-medium">Hyperparameters and results</h2>
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={onlyDiffs}
            onChange={(e) => setOnlyDiffs(e.target.checked)}
          />
          Only differences
        </label>
      </div>
      <table
        className="w-full max-w-4xl border-collapse text-left text-sm"
        data-testid="compare-table"
      >
        <thead>
          <tr className="border-b border-slate-300 dark:border-slate-700">
            <th className="py-1 pr-4" />
            {runs.map((r, i) => (
              <th key={r.id} className="py-1 pr-4">
                <span
                  className="mr-1 inline-block h-2 w-4 rounded-sm align-middle"
                  style={{ background: RUN_COLORS[i % RUN_COLORS.length] }}
                />
                Run #{r.number}
              </th>
            ))}
          </tr>
        </thead>
        {(["run", "hyperparameters", "results"] as const).map((section) => {
          const sectionRows = shown.filter((r) => r.section === section);
          if (sectionRows.length === 0) return null;
          return (
            <tbody key={section}>
              <tr>
                <th
                  colSpan={runs.length + 1}
                  className="pt-3 pb-1 text-xs uppercase text-slate-500"
                >
                  {SECTION_TITLES[section]}
                </th>
              </tr>
              {sectionRows.map((r) => (
                <tr
                  key={r.key}
                  data-testid="compare-row"
                  data-key={r.key}
                  data-differs={r.differs}
                  className="border-b border-slate-200 dark:border-slate-800"
                >
                  <td className="py-1 pr-4 font-mono text-xs">{r.label}</td>
                  {r.cells.map((cell, i) => (
                    <td
                      key={runs[i]!.id}
                      className={`py-1 pr-4 ${r.differs ? "bg-amber-100 font-medium dark:bg-amber-900/40" : ""}`}
                    >
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
      {shown.length === 0 && (
        <p className="text-sm">No differences: the runs are configured alike.</p>
      )}
    </section>
  );
}

/** Overlaid curves (one colour per run), the table, and the metric exports of a comparison. */
export function CompareView({ runs }: { runs: readonly TCompareViewRun[] }) {
  const ids = runs.map((r) => r.id).join(",");
  const exportName = `runs-${runs.map((r) => r.number).join("-")}`;
  return (
    <div className="flex flex-col gap-6">
      <section className="flex flex-col gap-2" aria-label="Curves">
        <div className="flex flex-wrap items-baseline gap-3">
          <h2 className="text-lg font-medium">Curves</h2>
          <span className="text-sm">
            Metrics:{" "}
            <a
              className="underline"
              href={`/api/runs/compare/metrics?ids=${ids}&format=csv`}
              download
            >
              CSV
            </a>{" "}
            ·{" "}
            <a
              className="underline"
              href={`/api/runs/compare/metrics?ids=${ids}&format=json`}
              download
            >
              JSON
            </a>
          </span>
        </div>
        <MetricCharts runs={runs} exportName={exportName} />
      </section>
      <CompareTable runs={runs} />
    </div>
  );
}
