import { setProjectArchived } from "@/features/projects/server/update-project";
import { projectDto } from "@/lib/server-only/dto";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** POST /api/projects/:projectId/archive {archived}: editors and owners. */
export const POST = route<{ projectId: string }>(async ({ req, db, actor, params }) =>
  projectDto(await setProjectArchived(db, actor, params.projectId, await readJson(req))),
);
