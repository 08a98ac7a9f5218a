import { revokeInvite } from "@/features/teams/server/revoke-invite";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** DELETE /api/teams/:teamId/invites/:inviteId: revokes a pending invite (owners). */
export const DELETE = route<{ teamId: string; inviteId: string }>(async ({ db, actor, params }) => {
  await revokeInvite(db, actor, params.teamId, params.inviteId);
  return { ok: true };
});
