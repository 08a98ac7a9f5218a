import { ModelRefusedError, createRun } from "@/features/training/server/create-run";
import { findRuns } from "@/features/training/server/find-runs";
import { getRedis } from "@/lib/server-only/redis";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

type TParams = { projectId: string };

/** GET /api/projects/:projectId/runs?status=&author=&dataset=&version=&sort=&order=&cursor=&limit= */
export const GET = route<TParams>(async ({ req, db, actor, params }) =>
  findRuns(db, actor, params.projectId, Object.fromEntries(new URL(req.url).searchParams)),
);

/** POST /api/projects/:projectId/runs {dataset?, config?, acceptWarnings?}: 201 {run} or 422 {error, diagnostics}. */
export const POST = route<TParams>(async ({ req, db, actor, params }) => {
  try {
    const result = await createRun(db, actor, params.projectId, await readJson(req), (channel) =>
      getRedis().publish(channel, "run-queued"),
    );
    return Response.json(result, { status: 201 });
  } catch (error) {
    if (!(error instanceof ModelRefusedError)) throw error;
    return Response.json({ error: error.message, diagnostics: error.diagnostics }, { status: 422 });
  }
});
