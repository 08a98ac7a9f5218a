import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { compareVersions } from "@/features/versions/server/compare-versions";
import { ChangeList } from "@/features/versions/components/change-list";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";
import { notFound } from "next/navigation";
import { DiffFigures } from "@/features/versions/components/diff-figures";
import { DiffLegend } from "@/features/versions/components/diff-legend";

export const dynamic = "force-dynamic";

/** /projects/:id/compare?before=&after= — two versions side by side with the changes marked. */
export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ before?: string; after?: string }>;
}) {
  const { projectId } = await params;
  const { before, after } = await searchParams;
  const actor = await requirePageActor(`/projects/${projectId}/versions`);
  if (!before || !after) notFound();
  const cmp = await loadForPage(() => compareVersions(getDb(), actor, projectId, before, after));
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-6">
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            Version {cmp.before.number} → version {cmp.after.number}
          </h1>
          <Link href={`/projects/${projectId}/versions`} className="text-sm underline">
            All versions
          </Link>
        </div>
        <DiffLegend />
        <DiffFigures
          sides={[
            { side: "before", v: cmp.before, g: cmp.beforeGeometry },
            { side: "after", v: cmp.after, g: cmp.afterGeometry },
          ].map(({ side, v, g }) => ({
            key: side,
            testId: `compare-${side}`,
            title: `Version ${v.number}`,
            geometry: g,
            caption: (
              <>
                <strong>v{v.number}</strong> {v.message} · {v.totalParams.toLocaleString("en-US")}{" "}
                params · {v.errorCount} errors
              </>
            ),
          }))}
        />
        <ChangeList diff={cmp.diff} />
      </div>
    </AppShell>
  );
}
