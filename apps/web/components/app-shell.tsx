import Link from "next/link";
import type { ReactNode } from "react";
import type { TActor } from "@/lib/server-only/actor";
import { SignOutButton } from "./sign-out-button";

/** The signed-in frame: top bar (home, teams, the user, sign out) above the page. */
export function AppShell({
  actor,
  children,
  wide = false,
}: {
  actor: TActor;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex items-center gap-4 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
        <Link href="/dashboard" className="font-semibold tracking-tight">
          Layerwise
        </Link>
        <nav className="flex gap-3 text-sm">
          <Link href="/teams" className="text-slate-600 hover:underline dark:text-slate-300">
            Teams
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <span data-testid="signed-in-user" className="text-slate-600 dark:text-slate-300">
            {actor.name}
          </span>
          <SignOutButton />
        </div>
      </header>
      <main className={wide ? "flex flex-1 flex-col" : "mx-auto w-full max-w-6xl flex-1 px-6 py-8"}>
        {children}
      </main>
    </div>
  );
}
