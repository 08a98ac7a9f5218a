import Link from "next/link";
import { ModelPicture } from "@/features/projects/components/model-picture";
import type { TProjectCard } from "@/features/projects/server/find-projects";
import { RunStatusBadge } from "@/features/runs/components/run-status-badge";
import type { TProjectRunStats } from "@/features/runs/server/find-project-run-stats";

/**
 * One project on the dashboard: live thumbnail, graph-core counts, name, description, and its
 * runs' figures (best IoU, latest run's status) when it has runs.
 */
export function ProjectCard({
  project,
  runs = null,
}: {
  project: TProjectCard;
  runs?: TProjectRunStats | null;
}) {
  const { errorCount, warningCount, totalParams, nodeCount } = project.summary;
  return (
    <li data-testid="project-card" data-project-name={project.name}>
      <Link
        href={`/projects/${project.id}`}
        className="flex h-full flex-col overflow-hidden rounded-lg border border-slate-200 bg-white hover:border-indigo-400 dark:border-slate-800 dark:bg-slate-900"
      >
        <div className="h-36 bg-slate-100 dark:bg-slate-800">
          <ModelPicture
            geometry={project.thumbnail}
            className="h-full w-full"
            title={`Thumbnail of ${project.name}`}
          />
        </div>
        <div className="flex flex-1 flex-col gap-1 p-3">
          <h3 className="font-medium">{project.name}</h3>
          {project.description && (
            <p className="line-clamp-2 text-sm text-slate-600 dark:text-slate-300">
              {project.description}
            </p>
          )}
          <div className="mt-auto flex flex-wrap gap-2 pt-2 text-xs">
            <span
              data-testid="error-count"
              className={
                errorCount > 0
                  ? "rounded bg-red-100 px-1.5 py-0.5 text-red-800"
                  : "rounded bg-emerald-100 px-1.5 py-0.5 text-emerald-800"
              }
            >
              {errorCount} {errorCount === 1 ? "error" : "errors"}
            </span>
            <span
              data-testid="warning-count"
              className={
                warningCount > 0
                  ? "rounded bg-amber-100 px-1.5 py-0.5 text-amber-800"
                  : "rounded bg-slate-100 px-1.5 py-0.5 text-slate-700"
              }
            >
              {warningCount} {warningCount === 1 ? "warning" : "warnings"}
            </span>
            <span className="text-slate-500">
              {nodeCount} layers · {formatParams(totalParams)} params
            </span>
          </div>
          {runs?.latest && (
            <p data-testid="project-runs" className="flex items-center gap-2 text-xs">
              <span className="text-slate-500">Run #{runs.latest.number}</span>
              <RunStatusBadge status={runs.latest.status} />
              {runs.best !== null && (
                <span data-testid="project-best" className="text-slate-600 dark:text-slate-300">
                  best {runs.bestKind ?? "IoU"}{" "}
                  <span className="font-medium tabular-nums">{runs.best.toFixed(3)}</span>
                </span>
              )}
            </p>
          )}
          <p className="text-xs text-slate-500">
            Updated {project.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC
          </p>
        </div>
      </Link>
    </li>
  );
}

/** 31042369 → "31.0M". */
export function formatParams(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
