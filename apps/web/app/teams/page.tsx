import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { CreateTeamForm } from "@/features/teams/components/create-team-form";
import { findTeams } from "@/features/teams/server/find-teams";
import { getDb } from "@/lib/server-only/db";
import { requirePageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

/** /teams: the user's teams and a form to create one. */
export default async function TeamsPage() {
  const actor = await requirePageActor("/teams");
  const teams = await findTeams(getDb(), actor);
  return (
    <AppShell actor={actor}>
      <div className="flex flex-col gap-8">
        <section className="flex flex-col gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Your teams</h1>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {teams.map((t) => (
              <li key={t.id} className="flex items-center gap-3 px-4 py-3">
                <Link href={`/teams/${t.id}`} className="font-medium hover:underline">
                  {t.name}
                </Link>
                {t.isPersonal && <span className="text-xs text-slate-500">personal</span>}
                <span className="ml-auto text-sm text-slate-500">
                  {t.role} · {t.memberCount} {t.memberCount === 1 ? "member" : "members"} ·{" "}
                  {t.projectCount} {t.projectCount === 1 ? "project" : "projects"}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section className="flex flex-col gap-3">
          <h2 className="text-lg font-medium">Create a team</h2>
          <CreateTeamForm />
        </section>
      </div>
    </AppShell>
  );
}
