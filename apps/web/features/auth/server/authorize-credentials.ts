import { createHash } from "node:crypto";
import { verifyPassword, type PrismaClient } from "@layerwise/db";
import type { Redis } from "ioredis";
import type { TActor } from "@/lib/server-only/actor";
import { RateLimitError } from "@/lib/server-only/errors";
import { ZSignInInput } from "../schemas";
import { consumeRateLimit, resetRateLimit } from "./rate-limit";

/** Sign-in attempts allowed per account and per IP in one window. */
export const SIGN_IN_LIMITS: TSignInLimits = {
  perAccount: 10,
  perIp: 50,
  windowSeconds: 15 * 60,
};

/** Attempts allowed per window; the per-IP figure is configurable (SIGN_IN_MAX_PER_IP). */
export interface TSignInLimits {
  perAccount: number;
  perIp: number;
  windowSeconds: number;
}

// A well-formed scrypt hash that matches no password: unknown emails cost as much time as known ones, so
// response timing does not reveal whether an account exists.
const DUMMY_HASH =
  "scrypt$32768$8$1$Ip3yCTyJSzrpmkprnMa1Ww==$GMCGuAQ5cppzgYUsAIbT9R+TPZyOPqGt6JYdSmilKXV9AKFjkZZHXijQ9n5t+5uavaM8WwaMl+Me8CIQNtCQBw==";

/** Redis keys of the two counters; the account key hashes the email so no address sits in Redis. */
export function signInRateKeys(email: string, ip: string): { account: string; ip: string } {
  const digest = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
  return { account: `rl:sign-in:account:${digest}`, ip: `rl:sign-in:ip:${ip}` };
}

/**
 * Checks an email + password. Returns the user, or null for any wrong combination — unknown
 * email and wrong password are indistinguishable. Every attempt counts against the account
 * and the IP (unknown emails too, for the same reason); over the limit it throws RateLimitError
 * without checking the password.
 */
export async function authorizeCredentials(
  db: PrismaClient,
  redis: Redis,
  raw: unknown,
  ip: string,
  limits: TSignInLimits = SIGN_IN_LIMITS,
): Promise<TActor | null> {
  const parsed = ZSignInInput.safeParse(raw);
  if (!parsed.success || !parsed.data.email || !parsed.data.password) return null;
  const { email, password } = parsed.data;
  const keys = signInRateKeys(email, ip);
  const [byAccount, byIp] = await Promise.all([
    consumeRateLimit(redis, keys.account, limits.perAccount, limits.windowSeconds),
    consumeRateLimit(redis, keys.ip, limits.perIp, limits.windowSeconds),
  ]);
  if (!byAccount.allowed || !byIp.allowed) {
    throw new RateLimitError(
      "Too many sign-in attempts. Wait a few minutes and try again.",
      Math.max(
        byAccount.allowed ? 0 : byAccount.retryAfterSeconds,
        byIp.allowed ? 0 : byIp.retryAfterSeconds,
      ),
    );
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !user.passwordHash || !ok) return null;
  await resetRateLimit(redis, keys.account);
  return { id: user.id, email: user.email, name: user.name };
}
