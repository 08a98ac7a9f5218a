import { getVersion } from "@/features/versions/server/find-versions";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/projects/:projectId/versions/:versionId: one version with its model (members). */
export const GET = route<{ projectId: string; versionId: string }>(async ({ db, actor, params }) =>
  getVersion(db, actor, params.projectId, params.versionId),
);
