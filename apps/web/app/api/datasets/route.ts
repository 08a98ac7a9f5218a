import { findDatasets } from "@/features/datasets/server/find-datasets";
import { ValidationError } from "@/lib/server-only/errors";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/datasets?teamId=: built-in and the team's datasets (members of the team). */
export const GET = route(async ({ req, db, actor }) => {
  const teamId = new URL(req.url).searchParams.get("teamId");
  if (!teamId) throw new ValidationError("Pass the team: /api/datasets?teamId=<id>.");
  return { datasets: await findDatasets(db, actor, teamId) };
});
