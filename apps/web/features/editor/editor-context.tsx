"use client";

import { createContext, useContext, useSyncExternalStore } from "react";
import type { EditorStore, TEditorState } from "./editor-store";

/** The editor's store and mode, provided once by `ModelEditor`. */
export interface TEditorContext {
  store: EditorStore;
  readOnly: boolean;
}

export const EditorContext = createContext<TEditorContext | null>(null);

/** The store and read-only flag of the surrounding editor. */
export function useEditorContext(): TEditorContext {
  const ctx = useContext(EditorContext);
  if (!ctx) throw new Error("useEditorContext must be used inside ModelEditor");
  return ctx;
}

/**
 * Subscribes to one slice of the editor state. The selector must return something that keeps
 * its identity while unchanged (a field of the state, not a new object), or React re-renders on
 * every change.
 */
export function useEditor<T>(selector: (s: TEditorState) => T): T {
  const { store } = useEditorContext();
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.getState()),
    () => selector(store.getState()),
  );
}
