import { moveProject } from "@/features/projects/server/update-project";
import { projectDto } from "@/lib/server-only/dto";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** POST /api/projects/:projectId/move {teamId}: owners of the current team, editors of the target. */
export const POST = route<{ projectId: string }>(async ({ req, db, actor, params }) =>
  projectDto(await moveProject(db, actor, params.projectId, await readJson(req))),
);
