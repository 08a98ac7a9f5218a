import { compareRuns, parseCompareIds } from "@/features/run-compare/server/compare-runs";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/**
 * GET /api/runs/compare?ids=a,b,…[&baseline=]: 2–5 runs of one project with their epochs and
 * graph-core's diff of the baseline's model against each other run's (members).
 */
export const GET = route(async ({ req, db, actor }) => {
  const url = new URL(req.url);
  const ids = parseCompareIds(url.searchParams.get("ids"));
  const { models: _models, ...comparison } = await compareRuns(
    db,
    actor,
    ids,
    url.searchParams.get("baseline"),
  );
  return comparison;
});
