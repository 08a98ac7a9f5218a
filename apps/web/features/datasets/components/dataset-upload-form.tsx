"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError, PrimaryButton, TextField } from "@/components/form-controls";
import type { TDatasetDto } from "../schemas";

interface TProblem {
  path: string;
  message: string;
}

type TState =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "error"; message: string; problems: TProblem[] }
  | { kind: "done"; dataset: TDatasetDto };

/** Posts the form as multipart; the answer is the dataset or the report of what is wrong. */
async function postDataset(teamId: string, form: FormData): Promise<TState> {
  try {
    const res = await fetch(`/api/teams/${teamId}/datasets`, { method: "POST", body: form });
    const json = (await res.json()) as {
      dataset?: TDatasetDto;
      error?: string;
      problems?: TProblem[];
    };
    if (res.ok && json.dataset) return { kind: "done", dataset: json.dataset };
    return {
      kind: "error",
      message: json.error ?? `Upload failed (${res.status}).`,
      problems: json.problems ?? [],
    };
  } catch {
    return {
      kind: "error",
      message: "The server cannot be reached. Check your connection and try again.",
      problems: [],
    };
  }
}

/**
 * Uploads a zip as a team dataset: `images/` + `masks/` (segmentation) or one folder per class
 * (classification). A refused upload lists every file that is wrong and why.
 */
export function DatasetUploadForm({ teamId }: { teamId: string }) {
  const router = useRouter();
  const [state, setState] = useState<TState>({ kind: "idle" });
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setState({ kind: "busy" });
    const next = await postDataset(teamId, new FormData(event.currentTarget));
    setState(next);
    if (next.kind === "done") router.push(`/teams/${teamId}/datasets/${next.dataset.id}`);
  };
  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-col gap-3 rounded border border-slate-200 p-4 dark:border-slate-800"
      aria-label="Upload a dataset"
    >
      <h2 className="font-semibold">Upload a dataset</h2>
      <p className="text-xs text-slate-500">
        A zip of <code>images/</code> and <code>masks/</code> with matching names (segmentation;
        masks 0/1, 0/255 or class indices) or one folder per class (classification). PNG, JPEG or
        TIFF, all of one size.
      </p>
      <TextField
        label="Name"
        name="name"
        required
        maxLength={100}
        placeholder="Cells, March scans"
      />
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Zip file</span>
        <input type="file" name="file" accept=".zip,application/zip" required className="text-sm" />
      </label>
      {state.kind === "error" && (
        <div data-testid="upload-problems">
          <FormError>{state.message}</FormError>
          {state.problems.length > 0 && (
            <ul className="mt-2 max-h-64 list-disc overflow-auto pl-5 text-xs text-red-800 dark:text-red-300">
              {state.problems.map((p, i) => (
                <li key={i}>
                  <code>{p.path || "(zip)"}</code>: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <PrimaryButton type="submit" disabled={state.kind === "busy"} className="self-start">
        {state.kind === "busy" ? "Checking…" : "Upload"}
      </PrimaryButton>
    </form>
  );
}
