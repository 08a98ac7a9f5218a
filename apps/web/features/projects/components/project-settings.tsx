"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api-fetch";
import { FormError, PrimaryButton, SecondaryButton, TextField } from "@/components/form-controls";

interface TProps {
  project: { id: string; name: string; description: string; teamId: string; archived: boolean };
  role: "owner" | "editor" | "viewer";
  /** Teams the actor can write to (duplicate / move destinations). */
  writableTeams: { id: string; name: string }[];
}

const SECTION =
  "flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";
const SELECT =
  "rounded border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900";

/** Rename, describe, duplicate, move, archive and delete — each shown only to roles that may. */
export function ProjectSettings({ project, role, writableTeams }: TProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canEdit = role !== "viewer";
  const isOwner = role === "owner";
  const base = `/api/projects/${project.id}`;

  async function call<T>(url: string, method: string, body?: unknown): Promise<T | null> {
    setError(null);
    setNotice(null);
    const res = await apiFetch<T>(url, { method, body });
    if (!res.ok) {
      setError(res.error);
      return null;
    }
    return res.data;
  }

  async function onDetails(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const ok = await call(base, "PATCH", {
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
    });
    if (ok) {
      setNotice("Saved.");
      router.refresh();
    }
  }

  async function onDuplicate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const copy = await call<{ id: string }>(`${base}/duplicate`, "POST", {
      teamId: String(form.get("teamId")),
    });
    if (copy) router.push(`/projects/${copy.id}`);
  }

  async function onMove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const moved = await call(`${base}/move`, "POST", { teamId: String(form.get("teamId")) });
    if (moved) router.refresh();
  }

  async function onDelete(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const done = await call(base, "DELETE", { confirmName: String(form.get("confirmName") ?? "") });
    if (done) router.push(`/teams/${project.teamId}`);
  }

  return (
    <div className="flex max-w-2xl flex-col gap-6">
      {error && <FormError>{error}</FormError>}
      {notice && (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      )}
      {canEdit && (
        <form onSubmit={onDetails} aria-label="Project details" className={SECTION}>
          <h2 className="font-medium">Name and description</h2>
          <TextField
            label="Name"
            name="name"
            defaultValue={project.name}
            required
            maxLength={100}
          />
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Description</span>
            <textarea
              name="description"
              defaultValue={project.description}
              maxLength={2000}
              rows={3}
              className="rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <PrimaryButton type="submit">Save details</PrimaryButton>
        </form>
      )}
      {writableTeams.length > 0 && (
        <form onSubmit={onDuplicate} aria-label="Duplicate project" className={SECTION}>
          <h2 className="font-medium">Duplicate</h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Copies the current model and description (not the version history).
          </p>
          <select
            name="teamId"
            defaultValue={project.teamId}
            className={SELECT}
            aria-label="Duplicate into team"
          >
            {writableTeams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <SecondaryButton type="submit">Duplicate project</SecondaryButton>
        </form>
      )}
      {isOwner && writableTeams.some((t) => t.id !== project.teamId) && (
        <form onSubmit={onMove} aria-label="Move project" className={SECTION}>
          <h2 className="font-medium">Move to another team</h2>
          <select name="teamId" className={SELECT} aria-label="Move to team">
            {writableTeams
              .filter((t) => t.id !== project.teamId)
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
          </select>
          <SecondaryButton type="submit">Move project</SecondaryButton>
        </form>
      )}
      {canEdit && (
        <section className={SECTION}>
          <h2 className="font-medium">{project.archived ? "Archived" : "Archive"}</h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Archived projects are read-only and hidden from the dashboard until unarchived.
          </p>
          <SecondaryButton
            type="button"
            onClick={async () => {
              if (await call(`${base}/archive`, "POST", { archived: !project.archived }))
                router.refresh();
            }}
          >
            {project.archived ? "Unarchive project" : "Archive project"}
          </SecondaryButton>
        </section>
      )}
      {isOwner && (
        <form
          onSubmit={onDelete}
          aria-label="Delete project"
          className={`${SECTION} border-red-300 dark:border-red-900`}
        >
          <h2 className="font-medium text-red-800 dark:text-red-300">Delete</h2>
          <p className="text-sm">
            Deletes the project and all its versions for good. Type <strong>{project.name}</strong>{" "}
            to confirm.
          </p>
          <TextField label="Project name" name="confirmName" required autoComplete="off" />
          <button
            type="submit"
            className="rounded bg-red-700 px-3 py-2 text-sm font-medium text-white hover:bg-red-600"
          >
            Delete project
          </button>
        </form>
      )}
      {!canEdit && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          You are a viewer of this project.
        </p>
      )}
    </div>
  );
}
