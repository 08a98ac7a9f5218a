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
    return Response.json({ error: error.message, issues: error.issues }, { status: error.status, headers });
  }
  console.error(error);
  return Response.json({ error: "Something went wrong on the server." }, { status: 500 });
}

/** Reads a JSON body (size-limited); a missing or malformed body is a 400 with a clear message. */
export async function readJson(req: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new HttpError(413, `The request body is larger than ${maxBytes} bytes.`);
  const text = await req.text();
  if (text.length > maxBytes) throw new HttpError(413, `The request body is larger than ${maxBytes} bytes.`);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
}
