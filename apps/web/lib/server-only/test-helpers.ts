/*
 * Helpers for integration tests (Vitest, real Postgres): unique users and teams per test, and
 * calling route handlers exactly as Next would, with a real next-auth session cookie.
 * Imported only by *.test.ts files.
 */
import { randomBytes } from "node:crypto";
import { createPrismaClient, type PrismaClient, type Role } from "@layerwise/db";
import { encode } from "next-auth/jwt";
import type { TActor } from "./actor";

let db: PrismaClient | undefined;

/** The test database (DATABASE_URL must point at it; `npm test` sets it). */
export function testDb(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      "DATABASE_URL is not set: integration tests need the test database (npm test sets it).",
    );
  db ??= createPrismaClient(url);
  return db;
}

/** A short random suffix so that parallel and repeated runs never collide. */
export function unique(label: string): string {
  return `${label}-${randomBytes(5).toString("hex")}`;
}

/** Creates a user (no password) with a personal team; returns the actor. */
export async function makeUser(label: string): Promise<TActor & { personalTeamId: string }> {
  const email = `${unique(label)}@test.layerwise.dev`;
  const user = await testDb().user.create({
    data: { email, name: label },
    select: { id: true, email: true, name: true },
  });
  const team = await testDb().team.create({
    data: {
      name: `${label}'s team`,
      isPersonal: true,
      members: { create: { userId: user.id, role: "owner" } },
    },
  });
  return { ...user, personalTeamId: team.id };
}

/** Creates a shared team with the given members and roles. */
export async function makeTeam(label: string, members: [TActor, Role][]): Promise<string> {
  const team = await testDb().team.create({
    data: {
      name: unique(label),
      members: { create: members.map(([u, role]) => ({ userId: u.id, role })) },
    },
  });
  return team.id;
}

/** The Cookie header of a real next-auth session for `actor`. */
export async function sessionCookie(actor: TActor): Promise<string> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  const token = await encode({
    token: { sub: actor.id, name: actor.name, email: actor.email },
    secret,
  });
  return `next-auth.session-token=${token}`;
}

type THandler<P> = (req: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler with an optional JSON body as `actor` (null: anonymous). */
export async function callRoute<P>(
  handler: THandler<P>,
  options: { method: string; params: P; actor: TActor | null; body?: unknown; query?: string },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers = new Headers({ "content-type": "application/json" });
  if (options.actor) headers.set("cookie", await sessionCookie(options.actor));
  const req = new Request(`http://localhost:3000/api/test${options.query ?? ""}`, {
    method: options.method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const res = await handler(req, { params: Promise.resolve(options.params) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
