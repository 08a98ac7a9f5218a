"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/api-fetch";

/**
 * "Open this model in the editor": restores the run's version as a new version of the project
 * (nothing is overwritten: the current model stays in the history) and opens the editor on it.
 */
export function OpenInEditor({
  projectId,
  versionId,
  versionNumber,
  runNumber,
}: {
  projectId: string;
  versionId: string;
  versionNumber: number;
  runNumber: number;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setBusy(true);
    const res = await apiFetch(`/api/projects/${projectId}/versions/${versionId}/restore`, {
      method: "POST",
    });
    if (!res.ok) {
      setBusy(false);
      setError(res.error);
      return;
    }
    router.push(`/projects/${projectId}`);
  };
  return (
    <div className="flex flex-col gap-1 text-sm">
      <button
        type="button"
        onClick={open}
        disabled={busy}
        className="self-start rounded bg-indigo-600 px-3 py-1.5 text-white hover:bg-indigo-700 disabled:opacity-50"
      >
        {busy ? "Opening…" : `Open run #${runNumber}'s model in the editor`}
      </button>
      <span className="text-xs text-slate-500">
        Restores version {versionNumber} as a new version of the project and opens the editor; the
        current model stays in the version history.
      </span>
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </div>
  );
}
