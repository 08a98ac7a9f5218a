import "server-only";
import type { PrismaClient, Project, Role, Team } from "@layerwise/db";
import type { TActor } from "./actor";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "./errors";

const RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** What each role may do, in words for error messages. */
const NEEDS: Record<Role, string> = {
  viewer: "You are not a member of this team.",
  editor: "Only editors and owners can change this; you are a viewer.",
  owner: "Only team owners can do this.",
};

/** True when `role` is at least `min` (owner > editor > viewer). */
export function hasRole(role: Role | null | undefined, min: Role): boolean {
  return !!role && RANK[role] >= RANK[min];
}

/** Narrows to a signed-in actor or throws 401. */
export function requireActor(actor: TActor | null): TActor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

/**
 * Checks on the server that `actor` holds at least `min` in `teamId`: 401 when signed out, 404
 * for an unknown team, 403 for a non-member or a lower role. Returns the team and the role.
 */
export async function requireTeamRole(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
  min: Role,
): Promise<{ actor: TActor; team: Team; role: Role }> {
  const signedIn = requireActor(actor);
  const team = await db.team.findUnique({
    where: { id: teamId },
    include: { members: { where: { userId: signedIn.id }, select: { role: true } } },
  });
  if (!team) throw new NotFoundError("Team not found.");
  const role = team.members[0]?.role;
  if (!role) throw new ForbiddenError(NEEDS.viewer);
  if (!hasRole(role, min)) throw new ForbiddenError(NEEDS[min]);
  const { members: _members, ...plain } = team;
  return { actor: signedIn, team: plain, role };
}

/** Like {@link requireTeamRole}, for the team that owns `projectId`. */
export async function requireProjectRole(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  min: Role,
): Promise<{ actor: TActor; project: Project; role: Role }> {
  const signedIn = requireActor(actor);
  const project = await db.project.findUnique({
    where: { id: projectId },
    include: {
      team: { include: { members: { where: { userId: signedIn.id }, select: { role: true } } } },
    },
  });
  if (!project) throw new NotFoundError("Project not found.");
  const role = project.team.members[0]?.role;
  if (!role) throw new ForbiddenError("You are not a member of this project's team.");
  if (!hasRole(role, min)) throw new ForbiddenError(NEEDS[min]);
  const { team: _team, ...plain } = project;
  return { actor: signedIn, project: plain, role };
}
