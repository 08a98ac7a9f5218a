import { changeMemberRole, removeMember } from "@/features/teams/server/manage-members";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

type TParams = { teamId: string; userId: string };

/** PATCH /api/teams/:teamId/members/:userId {role}: changes a member's role (owners). */
export const PATCH = route<TParams>(async ({ req, db, actor, params }) =>
  changeMemberRole(db, actor, params.teamId, params.userId, await readJson(req)),
);

/** DELETE /api/teams/:teamId/members/:userId: removes a member (owners) or leaves (self). */
export const DELETE = route<TParams>(async ({ db, actor, params }) => {
  await removeMember(db, actor, params.teamId, params.userId);
  return { ok: true };
});
