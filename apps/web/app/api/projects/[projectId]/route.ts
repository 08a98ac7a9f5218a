import { getProject } from "@/features/projects/server/find-projects";
import { deleteProject, updateProject } from "@/features/projects/server/update-project";
import { projectDto } from "@/lib/server-only/dto";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

type TParams = { projectId: string };

/** GET /api/projects/:projectId: the project, the actor's role, the model and its summary. */
export const GET = route<TParams>(async ({ db, actor, params }) =>
  getProject(db, actor, params.projectId),
);

/** PATCH /api/projects/:projectId {name?, description?}: editors and owners. */
export const PATCH = route<TParams>(async ({ req, db, actor, params }) =>
  projectDto(await updateProject(db, actor, params.projectId, await readJson(req))),
);

/** DELETE /api/projects/:projectId {confirmName}: owners, with the name typed as confirmation. */
export const DELETE = route<TParams>(async ({ req, db, actor, params }) => {
  await deleteProject(db, actor, params.projectId, await readJson(req));
  return { ok: true };
});
