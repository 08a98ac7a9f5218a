import { AppShell } from "@/components/app-shell";
import { ProjectWorkspace } from "@/features/projects/components/project-workspace";
import { getProject } from "@/features/projects/server/find-projects";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

/** /projects/:id — the editor on the project's model (read-only for viewers). */
export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const actor = await requirePageActor(`/projects/${projectId}`);
  const detail = await loadForPage(() => getProject(getDb(), actor, projectId));
  return (
    <AppShell actor={actor} wide>
      {detail.corrupt && (
        <p role="alert" className="bg-red-100 px-4 py-2 text-sm text-red-900">
          The stored model could not be read; the editor shows an empty model. Restore a version to
          recover.
        </p>
      )}
      <ProjectWorkspace
        projectId={detail.project.id}
        projectName={detail.project.name}
        teamId={detail.project.teamId}
        teamName={detail.project.teamName}
        role={detail.role}
        archived={detail.project.archived}
        initialState={detail.ydocState}
      />
    </AppShell>
  );
}
