import "server-only";
import type { PrismaClient } from "@layerwise/db";
import { webEnv } from "@/env";
import { cookiesFromHeader, readActor, type TActor } from "./actor";
import { getDb } from "./db";
import { HttpError, ValidationError } from "./errors";

/** Largest JSON body a route accepts (model documents included). */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

/** What a route handler body receives: the request, its path params, the actor (or null). */
export interface TRouteArgs<P> {
  req: Request;
  params: P;
  actor: TActor | null;
  db: PrismaClient;
}

type TNextContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler: resolves the actor from the session cookie, maps HttpErrors to their
 * status with `{ error, issues? }`, hides unexpected errors behind a 500. Every authorization
 * check happens inside `fn`, against the database: this wrapper grants nothing.
 */
export function route<P = Record<string, never>>(
  fn: (args: TRouteArgs<P>) => Promise<unknown>,
): (req: Request, context: TNextContext<P>) => Promise<Response> {
  return async (req, context) => {
    try {
      refuseCrossSite(req);
      const db = getDb();
      const actor = await readActor(
        db,
        { headers: req.headers, cookies: cookiesFromHeader(req.headers.get("cookie")) },
        webEnv().NEXTAUTH_SECRET,
      );
      const params = (await context?.params) ?? ({} as P);
      const result = await fn({ req, params, actor, db });
      if (result instanceof Response) return result;
      return Response.json(result ?? { ok: true }, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The JSON error response for any thrown value. */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if ("retryAfterSeconds" in error) headers["retry-after"] = String(error.retryAfterSeconds);
    return Response.json(
      { error: error.message, issues: error.issues },
      { status: error.status, headers },
    );
  }
  console.error(error);
  return Response.json({ error: "Something went wrong on the server." }, { status: 500 });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Defence in depth against cross-site request forgery, on top of the session cookie's
 * SameSite=Lax: a browser always sends Origin with a state-changing fetch, and it must be ours.
 */
function refuseCrossSite(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (!origin) return;
  const allowed = new Set([new URL(req.url).origin, new URL(webEnv().NEXTAUTH_URL).origin]);
  if (!allowed.has(origin)) throw new HttpError(403, "Cross-site request refused.");
}

/**
 * Reads a JSON body (size-limited); a missing or malformed body is a 400 with a clear message.
 * A non-empty body must be sent as application/json: HTML forms cannot send that type across
 * sites without a CORS preflight, which closes the text/plain CSRF trick.
 */
export async function readJson(req: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes)
    throw new HttpError(413, `The request body is larger than ${maxBytes} bytes.`);
  const text = await req.text();
  if (text.length > maxBytes)
    throw new HttpError(413, `The request body is larger than ${maxBytes} bytes.`);
  if (text.trim() === "") return {};
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new HttpError(415, "Send the request body as application/json.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
}
