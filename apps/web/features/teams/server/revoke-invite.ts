import type { PrismaClient } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireTeamRole } from "@/lib/server-only/authz";
import { NotFoundError } from "@/lib/server-only/errors";

/** Revokes a pending invite of the team (owners only); its link stops working. */
export async function revokeInvite(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
  inviteId: string,
): Promise<void> {
  await requireTeamRole(db, actor, teamId, "owner");
  // Scoped by team: an invite id from another team is "not found", never revoked.
  const { count } = await db.invite.updateMany({
    where: { id: inviteId, teamId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError("Invite not found (or already used or revoked).");
}
