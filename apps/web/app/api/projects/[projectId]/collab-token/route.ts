import { webEnv } from "@/env";
import { mintCollabToken } from "@/features/projects/server/mint-collab-token";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** POST /api/projects/:projectId/collab-token: `{token, url, expiresAt}` for members. */
export const POST = route<{ projectId: string }>(async ({ db, actor, params }) =>
  mintCollabToken(db, actor, params.projectId, {
    secret: webEnv().COLLAB_SECRET,
    url: webEnv().NEXT_PUBLIC_COLLAB_URL,
  }),
);
