import { acceptInvite } from "@/features/teams/server/accept-invite";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** POST /api/invites/accept {token}: joins the invite's team (the invited account only, once). */
export const POST = route(async ({ req, db, actor }) =>
  acceptInvite(db, actor, await readJson(req)),
);
