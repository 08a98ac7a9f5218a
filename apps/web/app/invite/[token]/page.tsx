import Link from "next/link";
import { AcceptInviteButton } from "@/features/teams/components/accept-invite-button";
import { findInviteByToken } from "@/features/teams/server/accept-invite";
import { getDb } from "@/lib/server-only/db";
import { getPageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

const STATUS_TEXT = {
  accepted: "This invite link has already been used.",
  revoked: "This invite was revoked by the team owner.",
  expired: "This invite link has expired. Ask the team owner for a new one.",
} as const;

/** /invite/:token — what the invite is for, and a button to join (after signing in). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findInviteByToken(getDb(), token);
  const actor = await getPageActor();
  const here = `/invite/${token}`;
  return (
    <main className="mx-auto flex max-w-md flex-col gap-4 px-6 py-20">
      <h1 className="text-2xl font-semibold tracking-tight">Team invitation</h1>
      {!invite ? (
        <p role="alert">This invite link is not valid.</p>
      ) : invite.status !== "pending" ? (
        <p role="alert">{STATUS_TEXT[invite.status]}</p>
      ) : (
        <>
          <p>
            You are invited to join <strong>{invite.teamName}</strong> as{" "}
            <strong data-testid="invite-role">{invite.role}</strong>.
          </p>
          {!actor ? (
            <p className="text-sm">
              <Link className="underline" href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}>
                Sign in
              </Link>{" "}
              or{" "}
              <Link className="underline" href={`/sign-up?callbackUrl=${encodeURIComponent(here)}`}>
                create an account
              </Link>{" "}
              with {invite.email} to accept.
            </p>
          ) : (
            <>
              <p className="text-sm text-slate-600 dark:text-slate-300">
                Signed in as {actor.email}.
              </p>
              <AcceptInviteButton token={token} />
            </>
          )}
        </>
      )}
    </main>
  );
}
