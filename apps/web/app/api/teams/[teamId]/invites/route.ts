import { webEnv } from "@/env";
import { createInvite } from "@/features/teams/server/create-invite";
import { inviteUrl } from "@/features/teams/server/invite-token";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** POST /api/teams/:teamId/invites {email, role}: owners invite; the link is returned once. */
export const POST = route<{ teamId: string }>(async ({ req, db, actor, params }) => {
  const { token, ...invite } = await createInvite(db, actor, params.teamId, await readJson(req));
  return Response.json(
    { ...invite, url: inviteUrl(webEnv().NEXTAUTH_URL, token) },
    { status: 201 },
  );
});
