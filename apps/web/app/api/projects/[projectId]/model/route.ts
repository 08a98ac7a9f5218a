import { saveProjectModel } from "@/features/projects/server/save-project-model";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** PUT /api/projects/:projectId/model {state}: the editor's autosave (editors and owners). */
export const PUT = route<{ projectId: string }>(async ({ req, db, actor, params }) =>
  saveProjectModel(db, actor, params.projectId, await readJson(req)),
);
