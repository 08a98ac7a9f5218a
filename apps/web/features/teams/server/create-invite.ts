import type { PrismaClient, Role } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireTeamRole } from "@/lib/server-only/authz";
import { ConflictError, parseInput } from "@/lib/server-only/errors";
import { ZCreateInviteInput } from "../schemas";
import { INVITE_TTL_MS, hashInviteToken, newInviteToken } from "./invite-token";

/** A new invite and its token: the caller shows the link once (the token is not stored). */
export interface TCreatedInvite {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  token: string;
}

/**
 * Invites an email address to a team (owners only). The link works once, until it expires, and
 * only for the account with that email. A personal team cannot be shared.
 */
export async function createInvite(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
  input: unknown,
  now = new Date(),
): Promise<TCreatedInvite> {
  const { actor: owner, team } = await requireTeamRole(db, actor, teamId, "owner");
  const { email, role } = parseInput(ZCreateInviteInput, input);
  if (team.isPersonal) {
    throw new ConflictError("A personal team cannot be shared. Create a team to invite people.");
  }
  const member = await db.membership.findFirst({
    where: { teamId, user: { email } },
    select: { userId: true },
  });
  if (member) throw new ConflictError(`${email} is already a member of this team.`);
  const token = newInviteToken();
  const invite = await db.invite.create({
    data: {
      teamId,
      email,
      role,
      tokenHash: hashInviteToken(token),
      expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
      createdById: owner.id,
    },
  });
  return { id: invite.id, email, role, expiresAt: invite.expiresAt, token };
}
