import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { getProject } from "@/features/projects/server/find-projects";
import { SaveVersionForm } from "@/features/versions/components/save-version-form";
import { VersionList } from "@/features/versions/components/version-list";
import { findVersions } from "@/features/versions/server/find-versions";
import { hasRole } from "@/lib/server-only/authz";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

/** /projects/:id/versions — history, save a version, compare, restore. */
export default async function VersionsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const actor = await requirePageActor(`/projects/${projectId}/versions`);
  const db = getDb();
  const detail = await loadForPage(() => getProject(db, actor, projectId));
  const versions = await findVersions(db, actor, projectId);
  const canEdit = hasRole(detail.role, "editor") && !detail.project.archived;
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-6">
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            Versions of {detail.project.name}
          </h1>
          <Link href={`/projects/${projectId}`} className="text-sm underline">
            Back to the model
          </Link>
        </div>
        {canEdit && <SaveVersionForm projectId={projectId} />}
        <VersionList
          projectId={projectId}
          canEdit={canEdit}
          versions={versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }))}
        />
      </div>
    </AppShell>
  );
}
