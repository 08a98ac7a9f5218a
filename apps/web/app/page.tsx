import Link from "next/link";
import { redirect } from "next/navigation";
import { getPageActor } from "@/lib/server-only/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  if (await getPageActor()) redirect("/dashboard");
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-20">
      <h1 className="text-4xl font-semibold tracking-tight">Layerwise</h1>
      <p className="text-lg text-slate-600 dark:text-slate-300">
        Design a deep-learning model as a live graph and see, while you design it, whether it is
        right: every layer shows its output shape, sizes and colours reveal the architecture, and
        structural mistakes light up on the graph before anything runs.
      </p>
      <div className="flex gap-3">
        <Link
          href="/sign-up"
          className="rounded bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Create an account
        </Link>
        <Link
          href="/sign-in"
          className="rounded border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Sign in
        </Link>
        <Link href="/playground" className="px-4 py-2 text-sm underline">
          Try the editor
        </Link>
      </div>
    </main>
  );
}
