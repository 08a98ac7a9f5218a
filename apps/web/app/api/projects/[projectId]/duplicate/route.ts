import { duplicateProject } from "@/features/projects/server/update-project";
import { projectDto } from "@/lib/server-only/dto";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** POST /api/projects/:projectId/duplicate {teamId?, name?}: copy into a team the actor edits. */
export const POST = route<{ projectId: string }>(async ({ req, db, actor, params }) =>
  Response.json(
    projectDto(await duplicateProject(db, actor, params.projectId, await readJson(req))),
    { status: 201 },
  ),
);
