import { publishMemberChange, type TMemberChange } from "@layerwise/collab-store";
import type { PrismaClient, Role } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireActor, requireTeamRole } from "@/lib/server-only/authz";
import { ConflictError, NotFoundError, parseInput } from "@/lib/server-only/errors";
import { getRedis } from "@/lib/server-only/redis";
import { ZChangeRoleInput } from "../schemas";

type TTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Runs `fn` serializably so that two owners demoting or removing each other at the same moment
 * cannot leave a team without an owner; a serialization conflict is retried once.
 */
async function serializable<T>(db: PrismaClient, fn: (tx: TTx) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(fn, { isolationLevel: "Serializable" });
    } catch (error) {
      if ((error as { code?: string }).code === "P2034" && attempt === 0) continue;
      throw error;
    }
  }
}

/**
 * Tells the collab servers, so the member's live editing sessions are downgraded or closed at
 * once. After the commit, and best effort: a reconnect re-checks membership in Postgres anyway.
 */
async function announce(change: TMemberChange): Promise<void> {
  try {
    await publishMemberChange(getRedis(), change);
  } catch (error) {
    console.warn("membership change not announced to the collab servers", error);
  }
}

async function assertNotLastOwner(tx: TTx, teamId: string, what: string): Promise<void> {
  const owners = await tx.membership.count({ where: { teamId, role: "owner" } });
  if (owners <= 1)
    throw new ConflictError(
      `${what}: a team needs at least one owner. Make someone else an owner first.`,
    );
}

/** Changes a member's role (owners only); the last owner cannot be demoted. */
export async function changeMemberRole(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
  userId: string,
  input: unknown,
): Promise<{ userId: string; role: Role }> {
  await requireTeamRole(db, actor, teamId, "owner");
  const { role } = parseInput(ZChangeRoleInput, input);
  const changed = await serializable(db, async (tx) => {
    const member = await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });
    if (!member) throw new NotFoundError("This person is not a member of the team.");
    if (member.role === role) return { userId, role };
    if (member.role === "owner")
      await assertNotLastOwner(tx, teamId, "The last owner cannot be demoted");
    await tx.membership.update({ where: { teamId_userId: { teamId, userId } }, data: { role } });
    return { userId, role };
  });
  await announce({ teamId, userId, role: changed.role });
  return changed;
}

/**
 * Removes a member. Owners may remove anyone; every member may remove themselves (leave).
 * The last owner can do neither — the team would be left without anyone able to manage it.
 */
export async function removeMember(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
  userId: string,
): Promise<void> {
  const signedIn = requireActor(actor);
  const isSelf = signedIn.id === userId;
  await requireTeamRole(db, signedIn, teamId, isSelf ? "viewer" : "owner");
  await serializable(db, async (tx) => {
    const member = await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });
    if (!member) throw new NotFoundError("This person is not a member of the team.");
    if (member.role === "owner") {
      await assertNotLastOwner(
        tx,
        teamId,
        isSelf ? "The last owner cannot leave" : "The last owner cannot be removed",
      );
    }
    await tx.membership.delete({ where: { teamId_userId: { teamId, userId } } });
  });
  await announce({ teamId, userId, role: null });
}
