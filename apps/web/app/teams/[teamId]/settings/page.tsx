import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { RenameTeamForm } from "@/features/teams/components/rename-team-form";
import { TeamMembers } from "@/features/teams/components/team-members";
import { findTeamDetail } from "@/features/teams/server/find-teams";
import { getDb } from "@/lib/server-only/db";
import { loadForPage, requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

/** A team's members, roles and invites. */
export default async function TeamSettingsPage({
  params,
}: {
  params: Promise<{ teamId: string }>;
}) {
  const { teamId } = await params;
  const actor = await requirePageActor(`/teams/${teamId}/settings`);
  const detail = await loadForPage(() => findTeamDetail(getDb(), actor, teamId));
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-6">
        <div className="flex items-baseline gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{detail.team.name}</h1>
          <Link href={`/teams/${teamId}`} className="text-sm underline">
            Projects
          </Link>
        </div>
        {detail.role === "owner" && <RenameTeamForm teamId={teamId} name={detail.team.name} />}
        <TeamMembers
          teamId={teamId}
          isPersonal={detail.team.isPersonal}
          myId={actor.id}
          myRole={detail.role}
          members={detail.members.map((m) => ({
            userId: m.userId,
            name: m.name,
            email: m.email,
            role: m.role,
          }))}
          invites={detail.invites.map((i) => ({
            id: i.id,
            email: i.email,
            role: i.role,
            expiresAt: i.expiresAt.toISOString(),
          }))}
        />
      </div>
    </AppShell>
  );
}
