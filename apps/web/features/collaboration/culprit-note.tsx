"use client";

import { memo, useEffect, useState, useSyncExternalStore } from "react";
import { useCollab } from "./collab-context";

/** Re-renders every few seconds while mounted, so "12 s ago" stays true. */
function useTick(ms: number): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
}

function CulpritText({ nodeId }: { nodeId: string }) {
  const handle = useCollab()!;
  useSyncExternalStore(handle.tracker.subscribe, handle.tracker.getVersion, () => 0);
  useTick(5_000);
  const text = handle.tracker.explain(nodeId);
  return text ? (
    <span className="block text-xs text-red-700 dark:text-red-300" data-testid="problem-cause">
      {text}
    </span>
  ) : null;
}

/**
 * Who broke this node, when a colleague's change did ("Demo User changed stride on enc2_conv1
 * 12 s ago"); nothing outside a live session or when the error is this user's own.
 */
function CulpritNoteView({ nodeId }: { nodeId: string }) {
  const handle = useCollab();
  return handle ? <CulpritText nodeId={nodeId} /> : null;
}

export const CulpritNote = memo(CulpritNoteView);
