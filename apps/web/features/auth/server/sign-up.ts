import { hashPassword, type PrismaClient } from "@layerwise/db";
import { ConflictError, parseInput } from "@/lib/server-only/errors";
import type { TActor } from "@/lib/server-only/actor";
import { personalTeamName } from "@/features/teams/server/create-team";
import { ZSignUpInput } from "../schemas";

/**
 * Creates an email + password account with its personal team (the user owns it). The password
 * is hashed with scrypt; a taken email is a 409.
 */
export async function signUp(db: PrismaClient, input: unknown): Promise<TActor> {
  const { email, name, password } = parseInput(ZSignUpInput, input);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing)
    throw new ConflictError("An account with this email already exists. Sign in instead.");
  const passwordHash = await hashPassword(password);
  try {
    return await createUserWithPersonalTeam(db, { email, name, passwordHash });
  } catch (error) {
    // Two sign-ups racing for the same email: the unique index decides.
    if ((error as { code?: string }).code === "P2002") {
      throw new ConflictError("An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}

/** Creates a user and the personal team every user has, in one transaction. */
export async function createUserWithPersonalTeam(
  db: PrismaClient,
  data: { email: string; name: string; passwordHash: string | null },
): Promise<TActor> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data, select: { id: true, email: true, name: true } });
    await tx.team.create({
      data: {
        name: personalTeamName(user.name),
        isPersonal: true,
        members: { create: { userId: user.id, role: "owner" } },
      },
    });
    return user;
  });
}
