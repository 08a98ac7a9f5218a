import type { PrismaClient, Team } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireTeamRole } from "@/lib/server-only/authz";
import { parseInput } from "@/lib/server-only/errors";
import { ZRenameTeamInput } from "../schemas";

/** Renames a team (owners only). */
export async function renameTeam(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
  input: unknown,
): Promise<Team> {
  await requireTeamRole(db, actor, teamId, "owner");
  const { name } = parseInput(ZRenameTeamInput, input);
  return db.team.update({ where: { id: teamId }, data: { name } });
}
