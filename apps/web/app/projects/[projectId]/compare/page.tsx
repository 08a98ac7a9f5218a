import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { ModelPicture } from "@/features/projects/components/model-picture";
import { compareVersions } from "@/features/versions/server/compare-versions";
import { ChangeList } from "@/features/versions/components/change-list";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";
import { notFound } from "next/navigation";
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
  // Wide models (a U-Net laid out left to right) get the page's full width each, one above the
  // other, drawn at their own aspect ratio; tall or square ones stand side by side.
  const aspect = (g: typeof cmp.beforeGeometry) => g.viewBox.width / Math.max(1, g.viewBox.height);
  const wide = Math.max(aspect(cmp.beforeGeometry), aspect(cmp.afterGeometry)) > 2;
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
        <div className={`grid gap-4 ${wide ? "" : "lg:grid-cols-2"}`}>
          {[
            { side: "before", v: cmp.before, g: cmp.beforeGeometry },
            { side: "after", v: cmp.after, g: cmp.afterGeometry },
          ].map(({ side, v, g }) => (
            <figure
              key={side}
              data-testid={`compare-${side}`}
              className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
            >
              <figcaption className="text-sm">
                <strong>v{v.number}</strong> {v.message} · {v.totalParams.toLocaleString("en-US")}{" "}
                params · {v.errorCount} errors
              </figcaption>
              <div
                className="max-h-[28rem] w-full bg-slate-50 dark:bg-slate-950"
                style={{
                  aspectRatio: wide ? aspect(g) : undefined,
                  height: wide ? undefined : "28rem",
                }}
              >
                <ModelPicture
                  geometry={g}
                  labels
                  className="h-full w-full"
                  title={`Version ${v.number}`}
                />
              </div>
            </figure>
          ))}
        </div>
        <ChangeList diff={cmp.diff} />
      </div>
    </AppShell>
  );
}
