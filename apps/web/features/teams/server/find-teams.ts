import type { PrismaClient, Role } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireActor, requireTeamRole } from "@/lib/server-only/authz";

/** A team as its member sees it in lists. */
export interface TTeamSummary {
  id: string;
  name: string;
  isPersonal: boolean;
  role: Role;
  memberCount: number;
  projectCount: number;
}

/** The actor's teams: personal team first, then by name. */
export async function findTeams(db: PrismaClient, actor: TActor | null): Promise<TTeamSummary[]> {
  const signedIn = requireActor(actor);
  const memberships = await db.membership.findMany({
    where: { userId: signedIn.id },
    include: {
      team: {
        include: {
          _count: { select: { members: true, projects: { where: { archivedAt: null } } } },
        },
      },
    },
  });
  return memberships
    .map((m) => ({
      id: m.team.id,
      name: m.team.name,
      isPersonal: m.team.isPersonal,
      role: m.role,
      memberCount: m.team._count.members,
      projectCount: m.team._count.projects,
    }))
    .sort((a, b) => Number(b.isPersonal) - Number(a.isPersonal) || a.name.localeCompare(b.name));
}

/** One member row of a team's member list. */
export interface TMemberRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

/** A pending invite as owners see it (never the token). */
export interface TInviteRow {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  createdAt: Date;
}

/**
 * A team with its members (any member may see them) and, for owners, its pending invites.
 */
export async function findTeamDetail(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
): Promise<{
  team: { id: string; name: string; isPersonal: boolean };
  role: Role;
  members: TMemberRow[];
  invites: TInviteRow[];
}> {
  const { team, role } = await requireTeamRole(db, actor, teamId, "viewer");
  const [members, invites] = await Promise.all([
    db.membership.findMany({
      where: { teamId },
      include: { user: { select: { name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    }),
    role === "owner"
      ? db.invite.findMany({
          where: { teamId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
          orderBy: { createdAt: "desc" },
        })
      : Promise.resolve([]),
  ]);
  return {
    team: { id: team.id, name: team.name, isPersonal: team.isPersonal },
    role,
    members: members.map((m) => ({
      userId: m.userId,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      joinedAt: m.createdAt,
    })),
    invites: invites.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      expiresAt: i.expiresAt,
      createdAt: i.createdAt,
    })),
  };
}
