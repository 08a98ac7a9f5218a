import { createTeam } from "@/features/teams/server/create-team";
import { findTeams } from "@/features/teams/server/find-teams";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/teams: the actor's teams. */
export const GET = route(async ({ db, actor }) => ({ teams: await findTeams(db, actor) }));

/** POST /api/teams {name}: creates a team owned by the actor. */
export const POST = route(async ({ req, db, actor }) => {
  const team = await createTeam(db, actor, await readJson(req));
  return Response.json({ id: team.id, name: team.name }, { status: 201 });
});
