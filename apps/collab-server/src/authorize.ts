import type { PrismaClient } from "@layerwise/db";
import type { TCollabTokenClaims, TRole } from "@layerwise/protocol";

/** What Postgres says about a token's holder and project, checked before every upgrade. */
export type TAccess =
  { ok: true; role: TRole; teamId: string } | { ok: false; status: 403 | 404; reason: string };

/**
 * The second half of the authenticate hook: a valid token is not enough. The project must exist
 * and not be archived, and the token's user must still be a member of its team. The role is the
 * team's current one (a token minted before a demotion does not keep its old powers).
 */
export async function authorize(db: PrismaClient, claims: TCollabTokenClaims): Promise<TAccess> {
  const project = await db.project.findUnique({
    where: { id: claims.pid },
    select: {
      teamId: true,
      archivedAt: true,
      team: { select: { members: { where: { userId: claims.sub }, select: { role: true } } } },
    },
  });
  if (!project) return { ok: false, status: 404, reason: "project not found" };
  if (project.archivedAt) return { ok: false, status: 403, reason: "project is archived" };
  const role = project.team.members[0]?.role;
  if (!role) return { ok: false, status: 403, reason: "not a member of this project's team" };
  return { ok: true, role, teamId: project.teamId };
}
