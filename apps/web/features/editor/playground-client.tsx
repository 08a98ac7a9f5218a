"use client";

import dynamic from "next/dynamic";

/** The playground editor, rendered only in the browser (its model lives in localStorage). */
export const PlaygroundClient = dynamic(() => import("./playground-editor"), {
  ssr: false,
  loading: () => <p className="p-6 text-sm text-slate-500">Loading the editor…</p>,
});
