import { listTemplates } from "@layerwise/graph-core";
import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { NewProjectForm } from "@/features/dashboard/components/new-project-form";
import { ProjectCard } from "@/features/dashboard/components/project-card";
import { findProjects } from "@/features/projects/server/find-projects";
import { findProjectRunStats } from "@/features/runs/server/find-project-run-stats";
import { findTeamDetail, findTeams } from "@/features/teams/server/find-teams";
import { hasRole } from "@/lib/server-only/authz";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

const SORTS = [
  ["updated", "Recently updated"],
  ["name", "Name"],
  ["created", "Newest"],
  ["errors", "Most errors"],
] as const;

/** A team's dashboard: its projects with live thumbnails and graph-core counts. */
export default async function TeamDashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<{ q?: string; sort?: string; archived?: string }>;
}) {
  const { teamId } = await params;
  const { q = "", sort = "updated", archived } = await searchParams;
  const actor = await requirePageActor(`/teams/${teamId}`);
  const db = getDb();
  const detail = await loadForPage(() => findTeamDetail(db, actor, teamId));
  const [projects, teams] = await Promise.all([
    findProjects(db, actor, teamId, { q, sort, archived: archived === "1" }),
    findTeams(db, actor),
  ]);
  // Every card's best IoU and latest run in one query for the page.
  const runStats = await findProjectRunStats(
    db,
    projects.map((p) => p.id),
  );
  const canWrite = hasRole(detail.role, "editor");
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-6">
        {teams.length > 1 && (
          <nav aria-label="Teams" className="flex flex-wrap gap-2 text-sm">
            {teams.map((t) => (
              <Link
                key={t.id}
                href={`/teams/${t.id}`}
                aria-current={t.id === teamId ? "page" : undefined}
                className={
                  t.id === teamId
                    ? "rounded bg-indigo-600 px-2 py-1 text-white"
                    : "rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
                }
              >
                {t.name}
              </Link>
            ))}
          </nav>
        )}
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{detail.team.name}</h1>
          <span
            data-testid="team-role"
            className="rounded bg-slate-200 px-2 py-0.5 text-xs dark:bg-slate-800"
          >
            {detail.role}
          </span>
          <Link href={`/teams/${teamId}/settings`} className="text-sm underline">
            Members and settings
          </Link>
        </div>
        <form className="flex flex-wrap items-end gap-2" role="search">
          <label className="flex flex-col gap-1 text-sm">
            <span>Search</span>
            <input
              name="q"
              defaultValue={q}
              placeholder="Name or description"
              className="rounded border border-slate-300 bg-white px-3 py-1.5 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span>Sort by</span>
            <select
              name="sort"
              defaultValue={sort}
              className="rounded border border-slate-300 bg-white px-3 py-1.5 dark:border-slate-700 dark:bg-slate-900"
            >
              {SORTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          {archived === "1" && <input type="hidden" name="archived" value="1" />}
          <button
            type="submit"
            className="rounded border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
          >
            Apply
          </button>
          <Link
            href={archived === "1" ? `/teams/${teamId}` : `/teams/${teamId}?archived=1`}
            className="ml-auto text-sm underline"
          >
            {archived === "1" ? "Show active projects" : "Show archived projects"}
          </Link>
        </form>
        <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
          {projects.length === 0 ? (
            <p className="text-slate-600 dark:text-slate-300">
              {q ? `No project matches “${q}”.` : "No projects yet."}
            </p>
          ) : (
            <ul className="grid content-start gap-4 sm:grid-cols-2 xl:grid-cols-3">
              {projects.map((p) => (
                <ProjectCard key={p.id} project={p} runs={runStats.get(p.id) ?? null} />
              ))}
            </ul>
          )}
          {canWrite && archived !== "1" && (
            <NewProjectForm teamId={teamId} templates={listTemplates()} />
          )}
        </div>
      </div>
    </AppShell>
  );
}
