import type { IncomingMessage } from "node:http";
import {
  COLLAB_TOKEN_MAX_TTL_S,
  ZCollabTokenClaims,
  type TCollabTokenClaims,
} from "@layerwise/protocol";
import { jwtVerify } from "jose";

export type TAuthResult =
  | { ok: true; claims: TCollabTokenClaims; room: string }
  | { ok: false; status: 401 | 403; reason: string };

/** The room is the URL path (`/<projectId>`); the token travels as `?token=`. */
function parseRequest(req: IncomingMessage): { room: string; token: string | null } {
  const url = new URL(req.url ?? "/", "http://collab.local");
  return { room: decodeURIComponent(url.pathname.slice(1)), token: url.searchParams.get("token") };
}

/**
 * The authenticate hook: runs before the WebSocket upgrade completes. A valid HS256 token
 * signed with COLLAB_SECRET, at most 15 minutes long, for exactly this room.
 */
export async function authenticate(req: IncomingMessage, secret: Uint8Array): Promise<TAuthResult> {
  const { room, token } = parseRequest(req);
  if (!token) return { ok: false, status: 401, reason: "missing token" };
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "iat"],
    }));
  } catch (error) {
    return {
      ok: false,
      status: 401,
      reason: error instanceof Error ? error.message : "invalid token",
    };
  }
  const exp = Number(payload.exp);
  const iat = Number(payload.iat);
  if (exp - iat > COLLAB_TOKEN_MAX_TTL_S)
    return { ok: false, status: 401, reason: "token lifetime over 15 minutes" };
  const claims = ZCollabTokenClaims.safeParse(payload);
  if (!claims.success) return { ok: false, status: 401, reason: "malformed claims" };
  if (!room || claims.data.pid !== room)
    return { ok: false, status: 403, reason: "token is for another project" };
  return { ok: true, claims: claims.data, room };
}
