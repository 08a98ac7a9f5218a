"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useRef, type RefObject } from "react";
import {
  copySelection,
  expandSelection,
  groupSelection,
  paste,
  type TClip,
} from "./editor-actions";
import type { EditorStore } from "./editor-store";

/** The keyboard shortcuts, as listed in the help overlay. */
export const SHORTCUTS: readonly [string, string][] = [
  ["/", "Search the palette; Enter adds the first match after the selected node"],
  ["Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y", "Undo / redo"],
  ["Ctrl+C / Ctrl+V", "Copy / paste the selected nodes"],
  ["Ctrl+A", "Select every node"],
  ["Ctrl+G / Ctrl+Shift+G", "Group the selection into a block / expand the selected block"],
  ["Delete / Backspace", "Delete the selection (a layer taken out of a chain reconnects it)"],
  ["Shift+drag", "Box select"],
  ["Ctrl+click", "Add to the selection"],
  ["F", "Zoom to fit"],
  ["U", "Toggle Simple / U-Net alignment"],
  ["?", "Show or hide this help"],
];

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === "INPUT" ||
      el.tagName === "TEXTAREA" ||
      el.tagName === "SELECT" ||
      el.isContentEditable)
  );
}

/** Wires the editor's global shortcuts; all handlers read the store when pressed. */
export function useEditorShortcuts(
  store: EditorStore,
  readOnly: boolean,
  searchRef: RefObject<HTMLInputElement | null>,
  actions: {
    toggleHelp: () => void;
    toggleAlignment: () => void;
    onMessage: (m: string | null) => void;
  },
): void {
  const flow = useReactFlow();
  const clip = useRef<TClip | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "z" && !readOnly) {
        e.preventDefault();
        if (e.shiftKey) store.undo.redo();
        else store.undo.undo();
      } else if (mod && key === "y" && !readOnly) {
        e.preventDefault();
        store.undo.redo();
      } else if (mod && key === "c") {
        clip.current = copySelection(store) ?? clip.current;
      } else if (mod && key === "v" && clip.current && !readOnly) {
        e.preventDefault();
        paste(store, clip.current);
      } else if (mod && key === "g" && !readOnly) {
        e.preventDefault();
        actions.onMessage(e.shiftKey ? expandSelection(store) : groupSelection(store));
      } else if (mod && key === "a") {
        e.preventDefault();
        store.select(store.getState().flow.nodes.map((n) => n.id));
      } else if (mod || e.altKey) {
        return;
      } else if (e.key === "/") {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === "?") {
        actions.toggleHelp();
      } else if (key === "f") {
        void flow.fitView({ padding: 0.15, duration: 300 });
      } else if (key === "u" && !readOnly) {
        actions.toggleAlignment();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, readOnly, searchRef, actions, flow]);
}
