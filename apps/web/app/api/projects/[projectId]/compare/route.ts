import { compareVersions } from "@/features/versions/server/compare-versions";
import { ValidationError } from "@/lib/server-only/errors";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/projects/:projectId/compare?before=&after=: graph-core diff of two versions. */
export const GET = route<{ projectId: string }>(async ({ req, db, actor, params }) => {
  const url = new URL(req.url);
  const before = url.searchParams.get("before");
  const after = url.searchParams.get("after");
  if (!before || !after)
    throw new ValidationError("Choose two versions to compare (before and after).");
  return compareVersions(db, actor, params.projectId, before, after);
});
