import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { ProjectSettings } from "@/features/projects/components/project-settings";
import { getProject } from "@/features/projects/server/find-projects";
import { findTeams } from "@/features/teams/server/find-teams";
import { hasRole } from "@/lib/server-only/authz";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

/** /projects/:id/settings — rename, describe, duplicate, move, archive, delete. */
export default async function ProjectSettingsPage({
  params,
}: {
  params: Promise<{ projectId: string }>;
}) {
  const { projectId } = await params;
  const actor = await requirePageActor(`/projects/${projectId}/settings`);
  const db = getDb();
  const detail = await loadForPage(() => getProject(db, actor, projectId));
  const teams = await findTeams(db, actor);
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-6">
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            Settings of {detail.project.name}
          </h1>
          <Link href={`/projects/${projectId}`} className="text-sm underline">
            Back to the model
          </Link>
        </div>
        <ProjectSettings
          project={{
            id: detail.project.id,
            name: detail.project.name,
            description: detail.project.description,
            teamId: detail.project.teamId,
            archived: detail.project.archived,
          }}
          role={detail.role}
          writableTeams={teams
            .filter((t) => hasRole(t.role, "editor"))
            .map((t) => ({ id: t.id, name: t.name }))}
        />
      </div>
    </AppShell>
  );
}
