import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { VersionViewer } from "@/features/versions/components/version-viewer";
import { getVersion } from "@/features/versions/server/find-versions";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

/** /projects/:id/versions/:vid — one version, read-only. */
export default async function VersionPage({
  params,
}: {
  params: Promise<{ projectId: string; versionId: string }>;
}) {
  const { projectId, versionId } = await params;
  const actor = await requirePageActor(`/projects/${projectId}/versions/${versionId}`);
  const version = await loadForPage(() => getVersion(getDb(), actor, projectId, versionId));
  return (
    <AppShell actor={actor} wide>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 text-sm dark:border-slate-800 dark:bg-slate-900">
        <Link href={`/projects/${projectId}/versions`} className="underline">
          All versions
        </Link>
        <h1 className="font-semibold">
          Version {version.number}: {version.message}
        </h1>
        <span className="rounded bg-slate-200 px-2 py-0.5 text-xs dark:bg-slate-800">
          read-only
        </span>
        <span className="text-slate-500">
          {version.authorName ?? "deleted user"} ·{" "}
          {version.createdAt.toISOString().slice(0, 19).replace("T", " ")} UTC
        </span>
      </div>
      <div className="h-[calc(100vh-5.5rem)]">
        <VersionViewer model={version.model} />
      </div>
    </AppShell>
  );
}
