"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api-fetch";
import { FormError, PrimaryButton, SecondaryButton, TextField } from "@/components/form-controls";

type TRole = "owner" | "editor" | "viewer";

interface TProps {
  teamId: string;
  isPersonal: boolean;
  myId: string;
  myRole: TRole;
  members: { userId: string; name: string; email: string; role: TRole }[];
  invites: { id: string; email: string; role: TRole; expiresAt: string }[];
}

/**
 * Members and invites of a team. Owners change roles, remove members, invite and revoke;
 * everyone can leave. The server decides: these controls only save a round trip.
 */
export function TeamMembers({ teamId, isPersonal, myId, myRole, members, invites }: TProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const isOwner = myRole === "owner";

  async function run(call: Promise<{ ok: boolean; error?: string }>, after?: () => void) {
    setError(null);
    const res = await call;
    if (!res.ok) setError(res.error ?? "Something went wrong.");
    else {
      after?.();
      router.refresh();
    }
  }

  async function onInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    setError(null);
    setInviteUrl(null);
    const res = await apiFetch<{ url: string }>(`/api/teams/${teamId}/invites`, {
      method: "POST",
      body: { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "viewer") },
    });
    if (!res.ok) return setError(res.error);
    setInviteUrl(res.data.url);
    formEl.reset();
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-6">
      {error && <FormError>{error}</FormError>}
      <section className="flex flex-col gap-2">
        <h2 className="text-lg font-medium">Members</h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {members.map((m) => (
            <li
              key={m.userId}
              data-testid="member-row"
              data-email={m.email}
              className="flex flex-wrap items-center gap-3 px-4 py-2"
            >
              <span className="font-medium">{m.name}</span>
              <span className="text-sm text-slate-500">{m.email}</span>
              <span className="ml-auto" />
              {isOwner ? (
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  onChange={(e) =>
                    void run(
                      apiFetch(`/api/teams/${teamId}/members/${m.userId}`, {
                        method: "PATCH",
                        body: { role: e.target.value },
                      }),
                    )
                  }
                  className="rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
                >
                  <option value="owner">owner</option>
                  <option value="editor">editor</option>
                  <option value="viewer">viewer</option>
                </select>
              ) : (
                <span className="text-sm" data-testid="member-role">
                  {m.role}
                </span>
              )}
              {(isOwner || m.userId === myId) && (
                <SecondaryButton
                  type="button"
                  onClick={() => {
                    const leaving = m.userId === myId;
                    if (
                      !window.confirm(
                        leaving ? "Leave this team?" : `Remove ${m.email} from the team?`,
                      )
                    )
                      return;
                    void run(
                      apiFetch(`/api/teams/${teamId}/members/${m.userId}`, { method: "DELETE" }),
                      () => {
                        if (leaving) window.location.assign("/dashboard");
                      },
                    );
                  }}
                >
                  {m.userId === myId ? "Leave" : "Remove"}
                </SecondaryButton>
              )}
            </li>
          ))}
        </ul>
      </section>
      {isOwner && !isPersonal && (
        <section className="flex flex-col gap-3">
          <h2 className="text-lg font-medium">Invite someone</h2>
          <form onSubmit={onInvite} aria-label="Invite" className="flex flex-wrap items-end gap-2">
            <TextField label="Email" name="email" type="email" required />
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-medium">Role</span>
              <select
                name="role"
                defaultValue="viewer"
                className="rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
              >
                <option value="viewer">viewer</option>
                <option value="editor">editor</option>
                <option value="owner">owner</option>
              </select>
            </label>
            <PrimaryButton type="submit">Create invite link</PrimaryButton>
          </form>
          {inviteUrl && (
            <div className="flex flex-col gap-1 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950">
              <span>
                Send this link to the person you invited. It works once and expires in 7 days; it is
                not shown again.
              </span>
              <input
                data-testid="invite-url"
                readOnly
                value={inviteUrl}
                className="rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:bg-slate-900"
                onFocus={(e) => e.currentTarget.select()}
              />
            </div>
          )}
          {invites.length > 0 && (
            <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
              {invites.map((i) => (
                <li key={i.id} className="flex items-center gap-3 px-4 py-2 text-sm">
                  <span>{i.email}</span>
                  <span className="text-slate-500">{i.role}</span>
                  <span className="text-slate-500">expires {i.expiresAt.slice(0, 10)}</span>
                  <SecondaryButton
                    type="button"
                    className="ml-auto"
                    onClick={() =>
                      void run(
                        apiFetch(`/api/teams/${teamId}/invites/${i.id}`, { method: "DELETE" }),
                      )
                    }
                  >
                    Revoke
                  </SecondaryButton>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
