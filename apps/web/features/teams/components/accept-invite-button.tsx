"use client";

import { useState } from "react";
import { apiFetch } from "@/components/api-fetch";
import { FormError, PrimaryButton } from "@/components/form-controls";

/** Accepts an invite and opens the team. */
export function AcceptInviteButton({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="flex flex-col gap-3">
      {error && <FormError>{error}</FormError>}
      <PrimaryButton
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const res = await apiFetch<{ teamId: string }>("/api/invites/accept", { method: "POST", body: { token } });
          if (!res.ok) {
            setBusy(false);
            setError(res.error);
            return;
          }
          window.location.assign(`/teams/${res.data.teamId}`);
        }}
      >
        {busy ? "Joining…" : "Join the team"}
      </PrimaryButton>
    </div>
  );
}
