"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { apiFetch } from "@/components/api-fetch";
import { useApiCall } from "@/components/use-api-call";
import { FormError, PrimaryButton, TextField } from "@/components/form-controls";

/** Creates a project in a team, blank or from a graph-core template, then opens it. */
export function NewProjectForm({
  teamId,
  templates,
}: {
  teamId: string;
  templates: { id: string; name: string }[];
}) {
  const router = useRouter();
  const { busy, error, run } = useApiCall();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
      template: String(form.get("template") ?? "blank"),
    };
    const project = await run(
      () => apiFetch<{ id: string }>(`/api/teams/${teamId}/projects`, { method: "POST", body }),
      { navigates: true },
    );
    if (project) router.push(`/projects/${project.id}`);
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-label="New project"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 className="font-medium">New project</h2>
      <TextField label="Project name" name="name" required maxLength={100} />
      <TextField label="Description" name="description" maxLength={2000} />
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Start from</span>
        <select
          name="template"
          defaultValue="blank"
          className="rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        >
          <option value="blank">Blank model</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {error && <FormError>{error}</FormError>}
      <PrimaryButton type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create project"}
      </PrimaryButton>
    </form>
  );
}
