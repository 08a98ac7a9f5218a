import type { PrismaClient, Role } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireActor } from "@/lib/server-only/authz";
import { ForbiddenError, HttpError, NotFoundError, parseInput } from "@/lib/server-only/errors";
import { ZAcceptInviteInput } from "../schemas";
import { hashInviteToken } from "./invite-token";

/** What the invite page shows before accepting (anyone holding the link may see it). */
export interface TInvitePreview {
  teamId: string;
  teamName: string;
  role: Role;
  email: string;
  status: "pending" | "accepted" | "revoked" | "expired";
}

/** Looks an invite up by its token; null when no invite has this token. */
export async function findInviteByToken(
  db: PrismaClient,
  token: string,
  now = new Date(),
): Promise<TInvitePreview | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    include: { team: { select: { name: true } } },
  });
  if (!invite) return null;
  const status = invite.acceptedAt
    ? "accepted"
    : invite.revokedAt
      ? "revoked"
      : invite.expiresAt <= now
        ? "expired"
        : "pending";
  return {
    teamId: invite.teamId,
    teamName: invite.team.name,
    role: invite.role,
    email: invite.email,
    status,
  };
}

/** 410 Gone: the link existed but can no longer be used. */
class GoneError extends HttpError {
  constructor(message: string) {
    super(410, message);
  }
}

/**
 * Joins the invite's team with the invite's role. The link works once (the first acceptance
 * marks it atomically), until it expires, and only for the invited email address.
 */
export async function acceptInvite(
  db: PrismaClient,
  actor: TActor | null,
  input: unknown,
  now = new Date(),
): Promise<{ teamId: string; role: Role }> {
  const user = requireActor(actor);
  const { token } = parseInput(ZAcceptInviteInput, input);
  const invite = await db.invite.findUnique({ where: { tokenHash: hashInviteToken(token) } });
  if (!invite) throw new NotFoundError("This invite link is not valid.");
  if (invite.acceptedAt) throw new GoneError("This invite link has already been used.");
  if (invite.revokedAt) throw new GoneError("This invite was revoked by the team owner.");
  if (invite.expiresAt <= now)
    throw new GoneError("This invite link has expired. Ask the team owner for a new one.");
  if (invite.email !== user.email.toLowerCase()) {
    throw new ForbiddenError(
      `This invite was sent to ${invite.email}. Sign in with that address to accept it.`,
    );
  }
  return db.$transaction(async (tx) => {
    // The conditional update is the "works once" guarantee: of two concurrent acceptances only
    // one sees count === 1.
    const { count } = await tx.invite.updateMany({
      where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: user.id },
    });
    if (count !== 1) throw new GoneError("This invite link has already been used.");
    const existing = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: invite.teamId, userId: user.id } },
    });
    if (existing) return { teamId: invite.teamId, role: existing.role };
    await tx.membership.create({
      data: { teamId: invite.teamId, userId: user.id, role: invite.role },
    });
    return { teamId: invite.teamId, role: invite.role };
  });
}
