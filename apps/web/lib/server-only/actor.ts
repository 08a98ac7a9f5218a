import "server-only";
import type { PrismaClient } from "@layerwise/db";
import { getToken } from "next-auth/jwt";

/** The signed-in user a request acts as. */
export interface TActor {
  id: string;
  email: string;
  name: string;
}

/** Request parts the session is read from (a web Request, or Next's headers()/cookies()). */
export interface TSessionSource {
  headers: Headers;
  cookies: Map<string, string> | { getAll(): { name: string; value: string }[] };
}

/** Splits a Cookie header into a map (what next-auth's session store reads). */
export function cookiesFromHeader(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

/**
 * Resolves the session (next-auth's encrypted JWT cookie) to a user that still exists, or null.
 * The database lookup matters: a deleted account's cookie must stop working at once.
 */
export async function readActor(
  db: PrismaClient,
  source: TSessionSource,
  secret: string,
): Promise<TActor | null> {
  const token = await getToken({ req: source as never, secret });
  const userId = typeof token?.sub === "string" ? token.sub : null;
  if (!userId) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true },
  });
  return user;
}
