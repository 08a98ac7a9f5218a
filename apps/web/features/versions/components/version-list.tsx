"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/api-fetch";
import { useApiCall } from "@/components/use-api-call";
import { FormError, PrimaryButton, SecondaryButton } from "@/components/form-controls";

/** A version row as the list page passes it (dates as ISO strings). */
export interface TVersionItem {
  id: string;
  number: number;
  message: string;
  kind: "manual" | "restore" | "run";
  authorName: string | null;
  createdAt: string;
  totalParams: number;
  errorCount: number;
  warningCount: number;
  diagnostics: { code: string; severity: string; node?: string; message: string }[];
}

/**
 * The version history: who, when, what, params and diagnostics per version; open one, restore
 * it (editors), or tick two and compare them.
 */
export function VersionList({
  projectId,
  versions,
  canEdit,
}: {
  projectId: string;
  versions: TVersionItem[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [picked, setPicked] = useState<string[]>([]);
  const { busy, error, run } = useApiCall();

  function toggle(id: string) {
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  }

  async function restore(v: TVersionItem) {
    if (
      !window.confirm(
        `Restore version ${v.number}? The current model is kept as history; a new version records the restore.`,
      )
    )
      return;
    const restored = await run(() =>
      apiFetch(`/api/projects/${projectId}/versions/${v.id}/restore`, { method: "POST" }),
    );
    if (restored) router.refresh();
  }

  function compare() {
    const [a, b] = picked
      .map((id) => versions.find((v) => v.id === id)!)
      .sort((x, y) => x.number - y.number);
    if (a && b) router.push(`/projects/${projectId}/compare?before=${a.id}&after=${b.id}`);
  }

  if (versions.length === 0)
    return <p className="text-slate-600 dark:text-slate-300">No versions yet.</p>;
  return (
    <div className="flex flex-col gap-3">
      {error && <FormError>{error}</FormError>}
      <div className="flex items-center gap-3">
        <PrimaryButton type="button" disabled={picked.length !== 2} onClick={compare}>
          Compare selected
        </PrimaryButton>
        <span className="text-sm text-slate-500">Tick two versions to compare them.</span>
      </div>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {versions.map((v) => (
          <li
            key={v.id}
            data-testid="version-row"
            data-version={v.number}
            className="flex flex-wrap items-start gap-3 px-4 py-3"
          >
            <input
              type="checkbox"
              aria-label={`Select version ${v.number}`}
              checked={picked.includes(v.id)}
              onChange={() => toggle(v.id)}
              className="mt-1"
            />
            <div className="flex min-w-0 flex-1 flex-col gap-1">
              <div className="flex flex-wrap items-baseline gap-2">
                <span className="font-mono text-sm text-slate-500">v{v.number}</span>
                <span className="font-medium" data-testid="version-message">
                  {v.message}
                </span>
                {v.kind !== "manual" && (
                  <span className="rounded bg-slate-200 px-1.5 text-xs dark:bg-slate-800">
                    {v.kind}
                  </span>
                )}
              </div>
              <div className="text-xs text-slate-500">
                {v.authorName ?? "deleted user"} · {v.createdAt.slice(0, 19).replace("T", " ")} UTC
                · {v.totalParams.toLocaleString("en-US")} params ·{" "}
                <span className={v.errorCount > 0 ? "text-red-700" : ""}>
                  {v.errorCount} errors
                </span>{" "}
                ·{" "}
                <span className={v.warningCount > 0 ? "text-amber-700" : ""}>
                  {v.warningCount} warnings
                </span>
              </div>
              {v.diagnostics.length > 0 && (
                <details className="text-xs">
                  <summary className="cursor-pointer text-slate-500">Diagnostics</summary>
                  <ul className="mt-1 list-disc pl-5">
                    {v.diagnostics.slice(0, 20).map((d, i) => (
                      <li key={i}>
                        <span
                          className={
                            d.severity === "error"
                              ? "text-red-700"
                              : d.severity === "warning"
                                ? "text-amber-700"
                                : ""
                          }
                        >
                          {d.severity}
                        </span>{" "}
                        {d.node ? <code>{d.node}</code> : null} {d.message}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </div>
            <Link href={`/projects/${projectId}/versions/${v.id}`} className="text-sm underline">
              Open
            </Link>
            {canEdit && (
              <SecondaryButton type="button" disabled={busy} onClick={() => void restore(v)}>
                Restore
              </SecondaryButton>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
