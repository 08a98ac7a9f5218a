import Link from "next/link";
import type { ReactNode } from "react";

/** "Project / Runs / <here>": the trail above a run's or a comparison's page. */
export function RunsBreadcrumb({
  projectId,
  projectName,
  children,
}: {
  projectId: string;
  projectName: string;
  children: ReactNode;
}) {
  return (
    <nav className="flex items-baseline gap-2 text-sm text-slate-500">
      <Link href={`/projects/${projectId}`} className="hover:underline">
        {projectName}
      </Link>
      <span>/</span>
      <Link href={`/projects/${projectId}/runs`} className="hover:underline">
        Runs
      </Link>
      <span>/</span>
      <span>{children}</span>
    </nav>
  );
}
