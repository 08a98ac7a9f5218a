import { restoreVersion } from "@/features/versions/server/restore-version";
import { versionDto } from "@/lib/server-only/dto";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** POST /api/projects/:projectId/versions/:versionId/restore: restore as a new version. */
export const POST = route<{ projectId: string; versionId: string }>(async ({ db, actor, params }) =>
  Response.json(versionDto(await restoreVersion(db, actor, params.projectId, params.versionId)), {
    status: 201,
  }),
);
