import { redirect } from "next/navigation";
import { findTeams } from "@/features/teams/server/find-teams";
import { getDb } from "@/lib/server-only/db";
import { requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

/** /dashboard: the signed-in user's personal team (their first team if it is gone). */
export default async function DashboardPage() {
  const actor = await requirePageActor("/dashboard");
  const teams = await findTeams(getDb(), actor);
  redirect(teams[0] ? `/teams/${teams[0].id}` : "/teams");
}
