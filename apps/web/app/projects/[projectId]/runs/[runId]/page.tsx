import { notFound } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { getProject } from "@/features/projects/server/find-projects";
import { RunDetails } from "@/features/training/components/run-details";
import { RunLiveView } from "@/features/training/components/run-live-view";
import { getRun } from "@/features/training/server/get-run";
import { getRunDetails } from "@/features/training/server/get-run-details";
import { runStorage } from "@/features/training/server/run-storage";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";
import { RunsBreadcrumb } from "@/features/runs/components/runs-breadcrumb";

export const dynamic = "force-dynamic";

/** /projects/:id/runs/:runId — one run, live while it trains, its whole history once it is over. */
export default async function RunPage({
  params,
}: {
  params: Promise<{ projectId: string; runId: string }>;
}) {
  const { projectId, runId } = await params;
  const actor = await requirePageActor(`/projects/${projectId}/runs/${runId}`);
  const db = getDb();
  const detail = await loadForPage(() => getProject(db, actor, projectId));
  const { run } = await loadForPage(() => getRun(db, actor, runId));
  if (run.projectId !== projectId) notFound();
  const details = await loadForPage(() => getRunDetails(db, actor, runId, runStorage()));
  const canEdit = detail.role !== "viewer";
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-4">
        <RunsBreadcrumb projectId={projectId} projectName={detail.project.name}>
          Run #{run.number} (version {run.versionNumber ?? "?"})
        </RunsBreadcrumb>
        <RunLiveView runId={runId} canCancel={canEdit} detailed />
        <RunDetails
          projectId={projectId}
          runId={runId}
          runNumber={run.number}
          config={run.config}
          details={details}
          canEdit={canEdit}
        />
      </div>
    </AppShell>
  );
}
