import { verifyPassword } from "@layerwise/db";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { cookiesFromHeader, readActor } from "@/lib/server-only/actor";
import { ConflictError, RateLimitError, ValidationError } from "@/lib/server-only/errors";
import { sessionCookie, testDb, unique } from "@/lib/server-only/test-helpers";
import { SIGN_IN_LIMITS, authorizeCredentials } from "./authorize-credentials";
import { findOrCreateOAuthUser } from "./find-or-create-oauth-user";
import { signUp } from "./sign-up";

const db = testDb();
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/1");
afterAll(async () => {
  redis.disconnect();
  await db.$disconnect();
});

const email = (label: string) => `${unique(label)}@test.layerwise.dev`;
const ip = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("sign-up", () => {
  it("creates the account with a scrypt hash and a personal team it owns", async () => {
    const address = email("Sign-Up");
    const user = await signUp(db, {
      email: `  ${address.toUpperCase()} `,
      name: "Ada",
      password: "correct horse",
    });
    expect(user.email).toBe(address.toLowerCase());
    const stored = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      include: { memberships: { include: { team: true } } },
    });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("correct horse", stored.passwordHash!)).toBe(true);
    expect(stored.memberships).toHaveLength(1);
    expect(stored.memberships[0]).toMatchObject({
      role: "owner",
      team: { isPersonal: true, name: "Ada's team" },
    });
  });

  it("refuses a taken email (any case) and leaves the first account alone", async () => {
    const address = email("taken");
    await signUp(db, { email: address, name: "First", password: "password-1" });
    await expect(
      signUp(db, { email: address.toUpperCase(), name: "Second", password: "password-2" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await db.user.count({ where: { email: address } })).toBe(1);
  });

  it.each([
    [{ email: "not-an-email", name: "A", password: "long enough" }, "email"],
    [{ email: email("short"), name: "A", password: "short" }, "password"],
    [{ email: email("name"), name: "x".repeat(81), password: "long enough" }, "name"],
    [{ email: email("empty"), name: "   ", password: "long enough" }, "name"],
  ])("rejects bad input with a message naming the field (%#)", async (input, field) => {
    const error = await signUp(db, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues?.map((i) => i.path)).toContain(field);
    expect(await db.user.count({ where: { email: String(input.email).toLowerCase() } })).toBe(0);
  });
});

describe("credentials sign-in", () => {
  it("accepts the right password and answers null — the same way — for a wrong password or an unknown email", async () => {
    const address = email("signin");
    await signUp(db, { email: address, name: "Grace", password: "right password" });
    const from = ip();
    expect(
      await authorizeCredentials(db, redis, { email: address, password: "right password" }, from),
    ).toMatchObject({ email: address });
    expect(
      await authorizeCredentials(db, redis, { email: address, password: "wrong password" }, from),
    ).toBeNull();
    expect(
      await authorizeCredentials(db, redis, { email: email("nobody"), password: "whatever" }, from),
    ).toBeNull();
    expect(
      await authorizeCredentials(
        db,
        redis,
        { email: address.toUpperCase(), password: "right password" },
        from,
      ),
    ).not.toBeNull();
  });

  it("limits attempts per account — even the right password is refused once over the limit", async () => {
    const address = email("limited");
    await signUp(db, { email: address, name: "Limited", password: "right password" });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      expect(
        await authorizeCredentials(db, redis, { email: address, password: `wrong ${i}` }, ip()),
      ).toBeNull();
    }
    const error = await authorizeCredentials(
      db,
      redis,
      { email: address, password: "right password" },
      ip(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("limits an unknown email exactly like a known one, so the limit reveals nothing", async () => {
    const unknown = email("ghost");
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      expect(
        await authorizeCredentials(db, redis, { email: unknown, password: "x" }, ip()),
      ).toBeNull();
    }
    await expect(
      authorizeCredentials(db, redis, { email: unknown, password: "x" }, ip()),
    ).rejects.toBeInstanceOf(RateLimitError);
  });

  it("limits attempts per IP across many accounts", async () => {
    const from = ip();
    for (let i = 0; i < SIGN_IN_LIMITS.perIp; i++) {
      expect(
        await authorizeCredentials(db, redis, { email: email(`spray${i}`), password: "x" }, from),
      ).toBeNull();
    }
    await expect(
      authorizeCredentials(db, redis, { email: email("spray-last"), password: "x" }, from),
    ).rejects.toBeInstanceOf(RateLimitError);
    // Another address is not affected.
    expect(
      await authorizeCredentials(db, redis, { email: email("elsewhere"), password: "x" }, ip()),
    ).toBeNull();
  });
});

describe("sessions", () => {
  it("a next-auth JWT cookie resolves to its user — with no server state, so it survives a restart", async () => {
    const user = await signUp(db, {
      email: email("session"),
      name: "Session",
      password: "long enough",
    });
    const cookie = await sessionCookie(user);
    const secret = process.env.NEXTAUTH_SECRET!;
    const source = (c: string) => ({
      headers: new Headers({ cookie: c }),
      cookies: cookiesFromHeader(c),
    });
    expect(await readActor(db, source(cookie), secret)).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
    });
    expect(
      await readActor(db, source(cookie), "another-secret-0123456789abcdef0123456789"),
    ).toBeNull();
    expect(await readActor(db, source("next-auth.session-token=forged"), secret)).toBeNull();
    await db.user.delete({ where: { id: user.id } });
    expect(await readActor(db, source(cookie), secret)).toBeNull();
  });
});

describe("OAuth accounts", () => {
  it("the first sign-in creates an account without password and a personal team; later ones find it", async () => {
    const address = email("oauth");
    const first = await findOrCreateOAuthUser(db, {
      email: address.toUpperCase(),
      name: "Octo Cat",
    });
    const again = await findOrCreateOAuthUser(db, { email: address, name: "Octo Cat" });
    expect(again.id).toBe(first.id);
    const stored = await db.user.findUniqueOrThrow({
      where: { id: first.id },
      include: { memberships: true },
    });
    expect(stored.passwordHash).toBeNull();
    expect(stored.memberships).toHaveLength(1);
  });
});
