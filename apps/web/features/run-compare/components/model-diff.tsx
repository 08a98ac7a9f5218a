import type { TModelFlow } from "@layerwise/graph-core";
import Link from "next/link";
import { computeModelGeometry, type TModelGeometry } from "@/features/projects/model-geometry";
import { ModelPicture } from "@/features/projects/components/model-picture";
import { ChangeList } from "@/features/versions/components/change-list";
import { DiffLegend } from "@/features/versions/components/diff-legend";
import { diffHighlights } from "@/features/versions/server/compare-versions";
import type { TRunComparison } from "../server/compare-runs";

const aspect = (g: TModelGeometry) => g.viewBox.width / Math.max(1, g.viewBox.height);

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
          {
            side: "baseline",
            r: baseline,
            g: computeModelGeometry(baseModel, beforeMarks, { labels: true }),
          },
          {
            side: "run",
            r: run,
            g: computeModelGeometry(models.get(runId)!, afterMarks, { labels: true }),
          },
        ];
        const wide = Math.max(...sides.map((s) => aspect(s.g))) > 2;
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
            <div className={`grid gap-4 ${wide ? "" : "lg:grid-cols-2"}`}>
              {sides.map(({ side, r, g }) => (
                <figure
                  key={side}
                  data-testid={`diff-${side}`}
                  className="flex flex-col gap-2 rounded bg-white p-2 dark:bg-slate-900"
                >
                  <figcaption className="text-sm">
                    <strong>Run #{r.number}</strong> · v{r.version.number} {r.version.message} ·{" "}
                    {r.version.totalParams.toLocaleString("en-US")} params
                  </figcaption>
                  <div
                    className="max-h-[24rem] w-full bg-slate-50 dark:bg-slate-950"
                    style={{
                      aspectRatio: wide ? aspect(g) : undefined,
                      height: wide ? undefined : "24rem",
                    }}
                  >
                    <ModelPicture
                      geometry={g}
                      labels
                      className="h-full w-full"
                      title={`Run #${r.number}'s model`}
                    />
                  </div>
                </figure>
              ))}
            </div>
            <ChangeList diff={diff} />
          </article>
        );
      })}
    </section>
  );
}
