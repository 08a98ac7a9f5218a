"use client";

import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { ChangeTracker } from "./change-tracker";
import { readPeers, type TPeer } from "./peers";

/** A value with listeners: whom this user follows (a client id), shared by header and canvas. */
export class FollowState {
  private target: number | null = null;
  private listeners = new Set<() => void>();

  get = (): number | null => this.target;

  set(target: number | null): void {
    if (target === this.target) return;
    this.target = target;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** What the editor needs from a live session: presence, attribution and following. */
export interface TCollabHandle {
  awareness: Awareness;
  tracker: ChangeTracker;
  follow: FollowState;
}

export const CollabContext = createContext<TCollabHandle | null>(null);

/** The live session around the editor; null in the playground and for archived projects. */
export function useCollab(): TCollabHandle | null {
  return useContext(CollabContext);
}

const NO_PEERS: TPeer[] = [];
const noop = () => () => undefined;

/**
 * The other clients in the room, re-read when awareness reports a change (join, leave, a moved
 * cursor, a new selection) — not on the periodic renewals that change nothing.
 */
export function usePeers(handle: TCollabHandle | null): TPeer[] {
  const cache = useRef<{ handle: TCollabHandle | null; peers: TPeer[] } | null>(null);
  const subscribe = useCallback(
    (cb: () => void) => {
      if (!handle) return () => undefined;
      const on = () => {
        cache.current = null;
        cb();
      };
      handle.awareness.on("change", on);
      return () => handle.awareness.off("change", on);
    },
    [handle],
  );
  return useSyncExternalStore(
    subscribe,
    () => {
      if (!handle) return NO_PEERS;
      if (cache.current?.handle !== handle)
        cache.current = {
          handle,
          peers: readPeers(handle.awareness.getStates(), handle.awareness.clientID),
        };
      return cache.current.peers;
    },
    () => NO_PEERS,
  );
}

/** The client id this user follows, or null. */
export function useFollowTarget(handle: TCollabHandle | null): number | null {
  return useSyncExternalStore(
    handle ? handle.follow.subscribe : noop,
    () => handle?.follow.get() ?? null,
    () => null,
  );
}
