import { createHash } from "node:crypto";
import type { PrismaClient } from "@layerwise/db";
import { ZCollabTokenClaims, type TCollabTokenClaims } from "@layerwise/protocol";
import { SignJWT } from "jose";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { ForbiddenError } from "@/lib/server-only/errors";

/** How long a collab token lives (ARCHITECTURE.md allows at most 15 minutes). */
export const COLLAB_TOKEN_TTL_S = 10 * 60;

/** Cursor colours, readable on the light canvas; a user keeps theirs in every project. */
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#e377c2"];

function colorFor(userId: string): string {
  const digest = createHash("sha256").update(userId).digest();
  return COLORS[digest[0]! % COLORS.length]!;
}

/** What `POST /api/projects/{id}/collab-token` answers. */
export interface TCollabTokenAnswer {
  token: string;
  url: string;
  expiresAt: string;
}

/**
 * Mints the short-lived HS256 token the collab server checks before the WebSocket upgrade, for
 * any member of the project's team, with their current role. Archived projects are not edited
 * live (the collab server refuses them too), so there is no token for them.
 */
export async function mintCollabToken(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  config: { secret: string; url: string },
  now = new Date(),
): Promise<TCollabTokenAnswer> {
  const { actor: user, project, role } = await requireProjectRole(db, actor, projectId, "viewer");
  if (project.archivedAt)
    throw new ForbiddenError("This project is archived: unarchive it to edit it live.");
  const claims: TCollabTokenClaims = ZCollabTokenClaims.parse({
    sub: user.id,
    pid: project.id,
    role,
    name: (user.name || user.email).slice(0, 200),
    color: colorFor(user.id),
  });
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(iat)
    .setExpirationTime(iat + COLLAB_TOKEN_TTL_S)
    .sign(new TextEncoder().encode(config.secret));
  return {
    token,
    url: config.url,
    expiresAt: new Date((iat + COLLAB_TOKEN_TTL_S) * 1000).toISOString(),
  };
}
