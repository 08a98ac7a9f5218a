import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { getProject } from "@/features/projects/server/find-projects";
import { LeaderboardPanel } from "@/features/runs/components/leaderboard-panel";
import { RunsTable } from "@/features/runs/components/runs-table";
import type { TRunsView } from "@/features/runs/format-run";
import { findLeaderboard } from "@/features/runs/server/find-leaderboard";
import { findRunFilterOptions } from "@/features/runs/server/find-run-filters";
import { RUN_SORTS, findRuns } from "@/features/training/server/find-runs";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

type TSearch = Record<string, string | string[] | undefined>;

/** The URL's table state, with anything unknown dropped (a bad link shows the plain list). */
function viewFrom(search: TSearch): TRunsView {
  const one = (key: string) => {
    const v = search[key];
    return typeof v === "string" && v.length > 0 && v.length <= 100 ? v : undefined;
  };
  const sort = one("sort");
  const order = one("order");
  const status = one("status");
  return {
    status:
      status && ["queued", "running", "succeeded", "failed", "cancelled"].includes(status)
        ? status
        : undefined,
    author: one("author"),
    dataset: one("dataset"),
    version: one("version"),
    sort: RUN_SORTS.find((s) => s === sort),
    order: order === "asc" || order === "desc" ? order : undefined,
  };
}

/** /projects/:id/runs — the project's runs (filter, sort, compare), leaderboard and best IoU. */
export default async function RunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<TSearch>;
}) {
  const { projectId } = await params;
  const view = viewFrom(await searchParams);
  const actor = await requirePageActor(`/projects/${projectId}/runs`);
  const db = getDb();
  const detail = await loadForPage(() => getProject(db, actor, projectId));
  const query = Object.fromEntries(
    Object.entries(view).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const [page, board, options] = await Promise.all([
    findRuns(db, actor, projectId, query),
    findLeaderboard(db, actor, projectId),
    findRunFilterOptions(db, actor, projectId),
  ]);
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-4">
        <nav className="flex items-baseline gap-2 text-sm text-slate-500">
          <Link href={`/teams/${detail.project.teamId}`} className="hover:underline">
            {detail.project.teamName}
          </Link>
          <span>/</span>
          <Link href={`/projects/${projectId}`} className="hover:underline">
            {detail.project.name}
          </Link>
          <span>/</span>
          <span>Runs</span>
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">Runs</h1>
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <RunsTable
            key={new URLSearchParams(query).toString()}
            projectId={projectId}
            view={view}
            initial={page}
            options={options}
          />
          <LeaderboardPanel projectId={projectId} board={board} />
        </div>
      </div>
    </AppShell>
  );
}
