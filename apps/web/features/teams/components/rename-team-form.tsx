"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api-fetch";
import { FormError, SecondaryButton, TextField } from "@/components/form-controls";

/** Renames a team (shown to owners; the server checks). */
export function RenameTeamForm({ teamId, name }: { teamId: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const res = await apiFetch(`/api/teams/${teamId}`, {
      method: "PATCH",
      body: { name: String(form.get("name") ?? "") },
    });
    if (!res.ok) return setError(res.error);
    setError(null);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} aria-label="Rename team" className="flex flex-wrap items-end gap-2">
      <TextField label="Team name" name="name" defaultValue={name} required maxLength={60} />
      <SecondaryButton type="submit">Rename</SecondaryButton>
      {error && <FormError>{error}</FormError>}
    </form>
  );
}
