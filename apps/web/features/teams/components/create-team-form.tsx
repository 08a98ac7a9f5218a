"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api-fetch";
import { FormError, PrimaryButton, TextField } from "@/components/form-controls";

/** Creates a team owned by the user and opens its settings to invite people. */
export function CreateTeamForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const res = await apiFetch<{ id: string }>("/api/teams", { method: "POST", body: { name: String(form.get("name") ?? "") } });
    if (!res.ok) {
      setBusy(false);
      setError(res.error);
      return;
    }
    router.push(`/teams/${res.data.id}/settings`);
  }

  return (
    <form onSubmit={onSubmit} aria-label="Create team" className="flex max-w-md flex-col gap-3">
      <TextField label="Team name" name="name" required maxLength={60} />
      {error && <FormError>{error}</FormError>}
      <PrimaryButton type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create team"}
      </PrimaryButton>
    </form>
  );
}
