"use client";

import { apiFetch } from "@/components/api-fetch";
import { useApiCall } from "@/components/use-api-call";
import { FormError, PrimaryButton } from "@/components/form-controls";

/** Accepts an invite and opens the team. */
export function AcceptInviteButton({ token }: { token: string }) {
  const { busy, error, run } = useApiCall();
  return (
    <div className="flex flex-col gap-3">
      {error && <FormError>{error}</FormError>}
      <PrimaryButton
        type="button"
        disabled={busy}
        onClick={async () => {
          const joined = await run(
            () =>
              apiFetch<{ teamId: string }>("/api/invites/accept", {
                method: "POST",
                body: { token },
              }),
            {
              navigates: true,
            },
          );
          if (joined) window.location.assign(`/teams/${joined.teamId}`);
        }}
      >
        {busy ? "Joining…" : "Join the team"}
      </PrimaryButton>
    </div>
  );
}
