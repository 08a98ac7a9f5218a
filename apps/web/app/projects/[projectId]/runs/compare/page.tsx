import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { getProject } from "@/features/projects/server/find-projects";
import { bestRunIndex } from "@/features/run-compare/compare-table";
import { CompareView } from "@/features/run-compare/components/compare-view";
import { BaselinePicker, ModelDiff } from "@/features/run-compare/components/model-diff";
import { compareRuns, parseCompareIds } from "@/features/run-compare/server/compare-runs";
import { OpenInEditor } from "@/features/training/components/open-in-editor";
import { getDb } from "@/lib/server-only/db";
import { ValidationError } from "@/lib/server-only/errors";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";
import { RunsBreadcrumb } from "@/features/runs/components/runs-breadcrumb";

export const dynamic = "force-dynamic";

/** /projects/:id/runs/compare?ids=a,b,…[&baseline=] — 2–5 runs: curves, table, model diff. */
export default async function CompareRunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ ids?: string; baseline?: string }>;
}) {
  const { projectId } = await params;
  const { ids: rawIds, baseline } = await searchParams;
  const actor = await requirePageActor(
    `/projects/${projectId}/runs/compare?ids=${encodeURIComponent(rawIds ?? "")}`,
  );
  const db = getDb();
  const detail = await loadForPage(() => getProject(db, actor, projectId));
  let comparison: Awaited<ReturnType<typeof compareRuns>>;
  try {
    comparison = await loadForPage(() =>
      compareRuns(db, actor, parseCompareIds(rawIds ?? null), baseline),
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return (
      <AppShell actor={actor}>
        <p role="alert" className="text-sm">
          {error.message}{" "}
          <Link href={`/projects/${projectId}/runs`} className="underline">
            Back to the runs
          </Link>
        </p>
      </AppShell>
    );
  }
  if (comparison.projectId !== projectId) notFound();
  const { models, ...data } = comparison;
  const best = bestRunIndex(data.runs);
  const bestRun = best === null ? null : data.runs[best]!;
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-6">
        <RunsBreadcrumb projectId={projectId} projectName={detail.project.name}>
          Compare
        </RunsBreadcrumb>
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            Compare runs {data.runs.map((r) => `#${r.number}`).join(", ")}
          </h1>
          {data.runs.map((r) => (
            <Link
              key={r.id}
              href={`/projects/${projectId}/runs/${r.id}`}
              className="text-sm underline"
            >
              Run #{r.number}
            </Link>
          ))}
        </div>
        {bestRun && (
          <div className="flex flex-col gap-2" data-testid="best-run" data-run={bestRun.number}>
            <p className="text-sm">
              Best: <strong>run #{bestRun.number}</strong> (model v{bestRun.version.number})
            </p>
            {detail.role !== "viewer" ? (
              <OpenInEditor
                projectId={projectId}
                versionId={bestRun.versionId}
                versionNumber={bestRun.version.number}
                runNumber={bestRun.number}
              />
            ) : (
              <Link
                href={`/projects/${projectId}/versions/${bestRun.versionId}`}
                className="text-sm underline"
              >
                View run #{bestRun.number}&apos;s model (read-only)
              </Link>
            )}
          </div>
        )}
        <CompareView runs={data.runs} />
        <BaselinePicker projectId={projectId} comparison={data} />
        <ModelDiff comparison={data} models={models} />
      </div>
    </AppShell>
  );
}
