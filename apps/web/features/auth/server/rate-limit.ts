import type { Redis } from "ioredis";

/** The outcome of counting one attempt. */
export interface TRateLimitResult {
  allowed: boolean;
  /** Attempts counted in the current window, this one included. */
  count: number;
  /** Seconds until the window resets. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter in Redis: counts an attempt under `key` and says whether it is within
 * `limit` per `windowSeconds`. Redis (not process memory) so that every web instance shares
 * the count and a restart does not reset it.
 */
export async function consumeRateLimit(
  redis: Redis,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<TRateLimitResult> {
  const results = await redis.multi().incr(key).expire(key, windowSeconds, "NX").ttl(key).exec();
  const count = Number(results?.[0]?.[1] ?? 0);
  const ttl = Number(results?.[2]?.[1] ?? windowSeconds);
  return { allowed: count <= limit, count, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
}

/** Forgets the attempts under `key` (after a successful sign-in). */
export async function resetRateLimit(redis: Redis, key: string): Promise<void> {
  await redis.del(key);
}
