"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { ChangeTracker } from "./change-tracker";
import { CollabConnection, type TConnectionSnapshot } from "./collab-connection";
import { FollowState, type TCollabHandle } from "./collab-context";
import { ZAwarenessState } from "@layerwise/protocol";

interface TSession {
  connection: CollabConnection;
  handle: TCollabHandle;
}

const noop = () => () => undefined;

/** The state vector of a document: what the page loaded is known to be stored. */
export function stateVectorOf(ydoc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(ydoc));
}

function startSession(projectId: string, ydoc: Y.Doc, baseline: Map<number, number>): TSession {
  const connection = new CollabConnection({
    projectId,
    ydoc,
    baseline,
    openLocal: (name, doc) => new IndexeddbPersistence(name, doc),
  });
  const tracker = new ChangeTracker(ydoc, {
    isRemote: (txn) => connection.isRemoteOrigin(txn.origin),
  });
  // Attribution needs names for client ids, also of people who have left since.
  connection.awareness.on("change", () => {
    for (const [clientId, state] of connection.awareness.getStates()) {
      const parsed = ZAwarenessState.safeParse(state);
      if (parsed.success) tracker.noteUser(clientId, parsed.data.user);
    }
  });
  connection.start();
  return {
    connection,
    handle: { awareness: connection.awareness, tracker, follow: new FollowState() },
  };
}

/**
 * The project's live session while mounted and `enabled`: the Y.Doc bound to the collab server,
 * kept on this device, with presence and attribution for the editor. Null until started (it
 * starts in an effect, after the first render) and while disabled (archived projects).
 */
export function useCollabSession(
  projectId: string,
  ydoc: Y.Doc,
  enabled: boolean,
  baseline: Map<number, number>,
): { snapshot: TConnectionSnapshot | null; handle: TCollabHandle | null } {
  const [session, setSession] = useState<TSession | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const s = startSession(projectId, ydoc, baseline);
    // The session is an external system (sockets, timers, IndexedDB) that only an effect may
    // start; rendering needs its handle once it exists.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSession(s);
    return () => {
      s.connection.stop();
      s.handle.tracker.destroy();
      setSession(null);
    };
  }, [projectId, ydoc, enabled, baseline]);
  const snapshot = useSyncExternalStore(
    session ? session.connection.subscribe : noop,
    () => session?.connection.getSnapshot() ?? null,
    () => null,
  );
  return { snapshot, handle: session?.handle ?? null };
}
