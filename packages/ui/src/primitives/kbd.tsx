import type { ReactNode } from "react";

/** A keyboard key or chord, as written in help texts. */
export function Kbd({ children }: { children: ReactNode }) {
  return (
    <kbd className="rounded border border-slate-300 px-1 font-mono text-xs dark:border-slate-600">
      {children}
    </kbd>
  );
}
