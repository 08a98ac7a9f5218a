import type { PrismaClient, Team } from "@layerwise/db";
import { requireActor } from "@/lib/server-only/authz";
import type { TActor } from "@/lib/server-only/actor";
import { parseInput } from "@/lib/server-only/errors";
import { ZCreateTeamInput } from "../schemas";

/** The name of the team every user gets at sign-up. */
export function personalTeamName(userName: string): string {
  return `${userName.slice(0, 48)}'s team`;
}

/** Creates a team owned by the actor (any signed-in user may). */
export async function createTeam(
  db: PrismaClient,
  actor: TActor | null,
  input: unknown,
): Promise<Team> {
  const signedIn = requireActor(actor);
  const { name } = parseInput(ZCreateTeamInput, input);
  return db.team.create({
    data: { name, members: { create: { userId: signedIn.id, role: "owner" } } },
  });
}
