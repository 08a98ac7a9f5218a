"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { apiFetch } from "@/components/api-fetch";
import { useApiCall } from "@/components/use-api-call";
import { FormError, PrimaryButton, TextField } from "@/components/form-controls";

/** Creates a team owned by the user and opens its settings to invite people. */
export function CreateTeamForm() {
  const router = useRouter();
  const { busy, error, run } = useApiCall();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const team = await run(
      () =>
        apiFetch<{ id: string }>("/api/teams", {
          method: "POST",
          body: { name: String(form.get("name") ?? "") },
        }),
      { navigates: true },
    );
    if (team) router.push(`/teams/${team.id}/settings`);
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
