import { webEnv } from "@/env";
import { signUp } from "@/features/auth/server/sign-up";
import { clientIp } from "@/features/auth/server/auth-options";
import { consumeRateLimit } from "@/features/auth/server/rate-limit";
import { RateLimitError } from "@/lib/server-only/errors";
import { getRedis } from "@/lib/server-only/redis";
import { readJson, route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** POST /api/account/sign-up {email, name, password}: creates the account and its personal team. */
export const POST = route(async ({ req, db }) => {
  const ip = clientIp(Object.fromEntries(req.headers));
  const limit = await consumeRateLimit(
    getRedis(),
    `rl:sign-up:ip:${ip}`,
    webEnv().SIGN_UP_MAX_PER_IP,
    60 * 60,
  );
  if (!limit.allowed)
    throw new RateLimitError(
      "Too many sign-ups from this address. Try again later.",
      limit.retryAfterSeconds,
    );
  const user = await signUp(db, await readJson(req));
  return Response.json({ id: user.id, email: user.email, name: user.name }, { status: 201 });
});
