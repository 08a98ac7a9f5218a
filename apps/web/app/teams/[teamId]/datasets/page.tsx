import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { TASK_LABEL } from "@/features/datasets/components/dataset-summary";
import { DatasetUploadForm } from "@/features/datasets/components/dataset-upload-form";
import { findDatasets } from "@/features/datasets/server/find-datasets";
import { findTeamDetail } from "@/features/teams/server/find-teams";
import { hasRole } from "@/lib/server-only/authz";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

/** /teams/:id/datasets — the built-in and uploaded datasets; editors upload here. */
export default async function DatasetsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const actor = await requirePageActor(`/teams/${teamId}/datasets`);
  const db = getDb();
  const detail = await loadForPage(() => findTeamDetail(db, actor, teamId));
  const datasets = await loadForPage(() => findDatasets(db, actor, teamId));
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-6">
        <div className="flex items-baseline gap-3">
          <Link href={`/teams/${teamId}`} className="text-sm text-slate-500 hover:underline">
            {detail.team.name}
          </Link>
          <h1 className="text-xl font-semibold">Datasets</h1>
        </div>
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Datasets">
          {datasets.map((d) => (
            <li key={d.id}>
              <Link
                href={`/teams/${teamId}/datasets/${d.id}`}
                className="flex flex-col gap-1 rounded border border-slate-200 p-3 hover:border-indigo-400 dark:border-slate-800"
              >
                <span className="flex items-center gap-2 font-medium">
                  {d.name}
                  <span className="rounded bg-slate-200 px-1.5 text-xs dark:bg-slate-800">
                    {d.source === "builtin" ? "built-in" : "uploaded"}
                  </span>
                </span>
                <span className="text-xs text-slate-500">
                  {TASK_LABEL[d.task]} · {d.count} samples · [{d.sampleShape.join(", ")}] ·{" "}
                  {d.classes.length} classes
                  {!d.isReady && " · generated on first use"}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        {hasRole(detail.role, "editor") ? (
          <DatasetUploadForm teamId={teamId} />
        ) : (
          <p className="text-sm text-slate-500">
            Viewers can browse datasets; editors upload them.
          </p>
        )}
      </div>
    </AppShell>
  );
}
