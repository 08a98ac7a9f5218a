import type { TModelFlow } from "@layerwise/graph-core";
import Link from "next/link";
import { computeModelGeometry } from "@/features/projects/model-geometry";
import { ChangeList } from "@/features/versions/components/change-list";
import { DiffFigures } from "@/features/versions/components/diff-figures";
import { DiffLegend } from "@/features/versions/components/diff-legend";
import { diffHighlights } from "@/features/versions/server/compare-versions";
import type { TRunComparison } from "../server/compare-runs";

/** With more than two runs: which one every other run is diffed against (a link per run). */
export function BaselinePicker({
  projectId,
  comparison,
}: {
  projectId: string;
  comparison: TRunComparison;
}) {
  if (comparison.runs.length <= 2) return null;
  const ids = comparison.runs.map((r) => r.id).join(",");
  return (
    <nav className="flex flex-wrap items-center gap-2 text-sm" aria-label="Baseline">
      <span>Baseline:</span>
      {comparison.runs.map((r) =>
        r.id === comparison.baselineId ? (
          <strong
            key={r.id}
            aria-current="true"
            className="rounded bg-slate-200 px-2 py-0.5 dark:bg-slate-800"
          >
            #{r.number}
          </strong>
        ) : (
          <Link
            key={r.id}
            href={`/projects/${projectId}/runs/compare?ids=${ids}&baseline=${r.id}`}
            className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            #{r.number}
          </Link>
        ),
      )}
    </nav>
  );
}

/**
 * The structural diff of the compared runs' models: for each run other than the baseline, both
 * models drawn with graph-core's added / removed / changed layers marked (as the version
 * comparison draws them), and the list of changed parameters.
 */
export function ModelDiff({
  comparison,
  models,
}: {
  comparison: TRunComparison;
  models: ReadonlyMap<string, TModelFlow>;
}) {
  const byId = new Map(comparison.runs.map((r) => [r.id, r]));
  const baseline = byId.get(comparison.baselineId)!;
  const baseModel = models.get(baseline.id)!;
  return (
    <section className="flex flex-col gap-4" aria-label="Model changes">
      <h2 className="text-lg font-medium">What changed in the model</h2>
      <DiffLegend />
      {comparison.diffs.map(({ runId, diff }) => {
        const run = byId.get(runId)!;
        const { beforeMarks, afterMarks } = diffHighlights(baseModel, models.get(runId)!, diff);
        const sides = [
          { side: "baseline", r: baseline, model: baseModel, marks: beforeMarks },
          { side: "run", r: run, model: models.get(runId)!, marks: afterMarks },
        ].map(({ side, r, model, marks }) => ({
          key: side,
          testId: `diff-${side}`,
          title: `Run #${r.number}'s model`,
          geometry: computeModelGeometry(model, marks, { labels: true }),
          caption: (
            <>
              <strong>Run #{r.number}</strong> · v{r.version.number} {r.version.message} ·{" "}
              {r.version.totalParams.toLocaleString("en-US")} params
            </>
          ),
        }));
        return (
          <article
            key={runId}
            data-testid="model-diff"
            data-run={run.number}
            className="flex flex-col gap-3 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
          >
            <h3 className="font-medium">
              Run #{baseline.number} (v{baseline.version.number}) → run #{run.number} (v
              {run.version.number})
            </h3>
            <DiffFigures sides={sides} nested />
            <ChangeList diff={diff} />
          </article>
        );
      })}
    </section>
  );
}
