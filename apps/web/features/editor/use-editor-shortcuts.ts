"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useRef, type RefObject } from "react";
import {
  clipFromText,
  clipToText,
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
  ["Ctrl+C / Ctrl+V", "Copy / paste the selected nodes (also between tabs and projects)"],
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
  // Set by a paste event, read by the Ctrl+V fallback scheduled on the keydown before it.
  const pasted = useRef(false);
  useEffect(() => {
    // The system clipboard: copy puts the layers on it as text, paste takes a clip (or a whole
    // model-flow document) from it, so layers move between tabs and projects. Clipboard events
    // need no permission prompt.
    const onCopy = (e: ClipboardEvent) => {
      if (isTyping(e.target) || !e.clipboardData) return;
      const copied = copySelection(store);
      if (!copied) return;
      clip.current = copied;
      e.clipboardData.setData("text/plain", clipToText(copied));
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target) || readOnly) return;
      pasted.current = true;
      const fromSystem = clipFromText(e.clipboardData?.getData("text/plain") ?? "");
      if (fromSystem === "invalid") {
        e.preventDefault();
        actions.onMessage(
          "The clipboard holds Layerwise layers that cannot be read; nothing was pasted.",
        );
        return;
      }
      // Other text: the layers copied in this tab, if any.
      const next = fromSystem ?? clip.current;
      if (!next) return;
      e.preventDefault();
      paste(store, next);
    };
    window.addEventListener("copy", onCopy);
    window.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("copy", onCopy);
      window.removeEventListener("paste", onPaste);
    };
  }, [store, readOnly, actions]);
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
      } else if (mod && key === "v" && !readOnly) {
        // The browser follows this keydown with a paste event (handled above) when it can; where
        // it does not (no clipboard access), the layers copied in this tab are pasted instead.
        pasted.current = false;
        setTimeout(() => {
          if (!pasted.current && clip.current) paste(store, clip.current);
        }, 0);
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
