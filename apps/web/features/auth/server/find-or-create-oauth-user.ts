import type { PrismaClient } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { createUserWithPersonalTeam } from "./sign-up";

/**
 * The local account for an OAuth sign-in, matched by (provider-verified) email; a first sign-in
 * creates the account and its personal team, with no password.
 */
export async function findOrCreateOAuthUser(
  db: PrismaClient,
  profile: { email: string; name: string },
): Promise<TActor> {
  const email = profile.email.trim().toLowerCase();
  const existing = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true },
  });
  if (existing) return existing;
  try {
    return await createUserWithPersonalTeam(db, {
      email,
      name: profile.name.slice(0, 80) || email,
      passwordHash: null,
    });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    return db.user.findUniqueOrThrow({
      where: { email },
      select: { id: true, email: true, name: true },
    });
  }
}
