"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { apiFetch } from "@/components/api-fetch";
import { useApiCall } from "@/components/use-api-call";
import { FormError, PrimaryButton, TextField } from "@/components/form-controls";

/** Saves the project's current model as a named version. */
export function SaveVersionForm({ projectId }: { projectId: string }) {
  const router = useRouter();
  const { busy, error, run } = useApiCall();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const body = { message: String(form.get("message") ?? "") };
    const saved = await run(() =>
      apiFetch(`/api/projects/${projectId}/versions`, { method: "POST", body }),
    );
    if (!saved) return;
    formEl.reset();
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} aria-label="Save version" className="flex flex-wrap items-end gap-2">
      <TextField
        label="Version message"
        name="message"
        required
        maxLength={200}
        placeholder="e.g. baseline, 16 channels"
      />
      <PrimaryButton type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save version"}
      </PrimaryButton>
      {error && <FormError>{error}</FormError>}
    </form>
  );
}
