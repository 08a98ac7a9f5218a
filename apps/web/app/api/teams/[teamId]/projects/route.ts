import { createProject } from "@/features/projects/server/create-project";
import { findProjects } from "@/features/projects/server/find-projects";
import { projectDto } from "@/lib/server-only/dto";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

type TParams = { teamId: string };

/** GET /api/teams/:teamId/projects?q=&sort=&archived=1: the dashboard list (members). */
export const GET = route<TParams>(async ({ req, db, actor, params }) => {
  const url = new URL(req.url);
  const projects = await findProjects(db, actor, params.teamId, {
    q: url.searchParams.get("q") ?? undefined,
    sort: url.searchParams.get("sort") ?? undefined,
    archived: url.searchParams.get("archived") === "1",
  });
  return { projects };
});

/** POST /api/teams/:teamId/projects {name, description?, template?, model?}: editors and owners. */
export const POST = route<TParams>(async ({ req, db, actor, params }) => {
  const project = await createProject(db, actor, params.teamId, await readJson(req));
  return Response.json(projectDto(project), { status: 201 });
});
