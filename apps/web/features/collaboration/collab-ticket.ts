import { ZCollabTokenClaims, type TCollabTokenClaims } from "@layerwise/protocol";
import { decodeJwt } from "jose";
import { z } from "zod";

/** The answer of `POST /api/projects/{id}/collab-token` (ARCHITECTURE.md, "Collaboration"). */
const ZCollabTokenAnswer = z.object({
  token: z.string().min(1),
  url: z.string().regex(/^wss?:\/\//, "the collab URL must be ws:// or wss://"),
  expiresAt: z.union([z.string().min(1), z.number()]),
});

/** A token ready to connect with: where, as whom, until when. */
export interface TCollabTicket {
  token: string;
  url: string;
  expiresAtMs: number;
  claims: TCollabTokenClaims;
}

/** Why no ticket: `refused` (not a member, no such project) is final; the rest may pass. */
export class CollabTicketError extends Error {
  constructor(
    message: string,
    readonly refused: boolean,
  ) {
    super(message);
    this.name = "CollabTicketError";
  }
}

/** Reads a token answer; the claims are the token's own (the browser trusts its server). */
export function parseTicket(body: unknown): TCollabTicket {
  const answer = ZCollabTokenAnswer.safeParse(body);
  if (!answer.success)
    throw new CollabTicketError(
      `The collab token answer is malformed: ${answer.error.issues[0]?.message ?? "unknown"}`,
      false,
    );
  const { token, url, expiresAt } = answer.data;
  const expiresAtMs = typeof expiresAt === "number" ? expiresAt : Date.parse(expiresAt);
  if (!Number.isFinite(expiresAtMs))
    throw new CollabTicketError(`The collab token expiry "${expiresAt}" is not a date.`, false);
  let payload: unknown;
  try {
    payload = decodeJwt(token);
  } catch {
    throw new CollabTicketError("The collab token is not a JWT.", false);
  }
  const claims = ZCollabTokenClaims.safeParse(payload);
  if (!claims.success) throw new CollabTicketError("The collab token claims are malformed.", false);
  return { token, url, expiresAtMs, claims: claims.data };
}

/** Fetches a fresh ticket for `projectId` with the page's session cookie. */
export async function fetchTicket(
  projectId: string,
  fetchImpl: typeof fetch = fetch,
): Promise<TCollabTicket> {
  let res: Response;
  try {
    res = await fetchImpl(`/api/projects/${encodeURIComponent(projectId)}/collab-token`, {
      method: "POST",
    });
  } catch (e) {
    throw new CollabTicketError(
      `The web server cannot be reached (${e instanceof Error ? e.message : String(e)}).`,
      false,
    );
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const reason =
      body && typeof body === "object" && "error" in body && typeof body.error === "string"
        ? body.error
        : `HTTP ${res.status}`;
    // 401 is a lapsed session (signing in again helps); 403/404 will not change by retrying.
    throw new CollabTicketError(reason, res.status === 403 || res.status === 404);
  }
  return parseTicket(body);
}

/** Never refresh sooner than this after a token was minted, whatever its expiry says. */
export const MIN_REFRESH_DELAY_MS = 5_000;

/**
 * When to fetch the next token: at 80 % of its remaining life or a minute before expiry, whichever
 * comes first, so a reconnect never presents an expired token while the web server is reachable.
 */
export function refreshDelayMs(expiresAtMs: number, nowMs: number): number {
  const left = expiresAtMs - nowMs;
  return Math.max(MIN_REFRESH_DELAY_MS, Math.min(left - 60_000, left * 0.8));
}
