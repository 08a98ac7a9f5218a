import { findTeamDetail } from "@/features/teams/server/find-teams";
import { renameTeam } from "@/features/teams/server/rename-team";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

type TParams = { teamId: string };

/** GET /api/teams/:teamId: members (and, for owners, pending invites). */
export const GET = route<TParams>(async ({ db, actor, params }) =>
  findTeamDetail(db, actor, params.teamId),
);

/** PATCH /api/teams/:teamId {name}: renames the team (owners). */
export const PATCH = route<TParams>(async ({ req, db, actor, params }) => {
  const team = await renameTeam(db, actor, params.teamId, await readJson(req));
  return { id: team.id, name: team.name };
});
