import { createVersion } from "@/features/versions/server/create-version";
import { findVersions } from "@/features/versions/server/find-versions";
import { versionDto } from "@/lib/server-only/dto";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

type TParams = { projectId: string };

/** GET /api/projects/:projectId/versions: newest first (members). */
export const GET = route<TParams>(async ({ db, actor, params }) => ({
  versions: await findVersions(db, actor, params.projectId),
}));

/** POST /api/projects/:projectId/versions {message}: snapshot the current model (editors, owners). */
export const POST = route<TParams>(async ({ req, db, actor, params }) =>
  Response.json(versionDto(await createVersion(db, actor, params.projectId, await readJson(req))), {
    status: 201,
  }),
);
