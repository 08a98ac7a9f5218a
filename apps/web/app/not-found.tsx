import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-6 py-24">
      <h1 className="text-2xl font-semibold text-slate-900 dark:text-slate-100">Page not found</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        There is nothing at this address. It may have been moved, or the link is mistyped.
      </p>
      <p className="mt-6 flex gap-4">
        <Link className="underline" href="/">
          Home
        </Link>
        <Link className="underline" href="/dashboard">
          Your projects
        </Link>
        <Link className="underline" href="/playground">
          The editor
        </Link>
      </p>
    </main>
  );
}
