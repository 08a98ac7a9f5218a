"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import * as Y from "yjs";

/** What the "saved" indicator shows. */
export type TSaveStatus = "saved" | "unsaved" | "saving" | "error";

/** Delay after the last edit before saving: one request per burst of edits. */
export const AUTOSAVE_DELAY_MS = 800;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Saves the Y.Doc's state to the project (PUT /api/projects/:id/model), debounced, whenever it
 * changes; warns before the tab closes with unsaved changes and flushes on page hide. Disabled
 * for viewers (the server would refuse anyway).
 */
export function useAutosave(
  projectId: string,
  ydoc: Y.Doc,
  enabled: boolean,
): { status: TSaveStatus; error: string | null; saveNow: () => Promise<void> } {
  const [status, setStatus] = useState<TSaveStatus>("saved");
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Edits made while a save is in flight must trigger another save afterwards.
  const revision = useRef(0);
  const savedRevision = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);

  const schedule = useRef<() => void>(() => undefined);

  const save = useCallback(
    async (keepalive = false): Promise<void> => {
      if (inFlight.current) await inFlight.current;
      if (savedRevision.current === revision.current) return;
      const target = revision.current;
      setStatus("saving");
      let ok = false;
      const run = (async () => {
        try {
          const res = await fetch(`/api/projects/${projectId}/model`, {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ state: toBase64(Y.encodeStateAsUpdate(ydoc)) }),
            keepalive,
          });
          if (!res.ok) {
            const body = (await res.json().catch(() => ({}))) as { error?: string };
            throw new Error(body.error ?? `Saving failed (${res.status}).`);
          }
          ok = true;
          savedRevision.current = target;
          setError(null);
          setStatus(revision.current === target ? "saved" : "unsaved");
        } catch (e) {
          setError(e instanceof Error ? e.message : "Saving failed.");
          setStatus("error");
        }
      })();
      inFlight.current = run;
      await run;
      inFlight.current = null;
      // Edits that arrived during the request: save again (after a failure, the next edit does).
      if (ok && revision.current !== savedRevision.current) schedule.current();
    },
    [projectId, ydoc],
  );

  useEffect(() => {
    schedule.current = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    };
  }, [save]);

  useEffect(() => {
    if (!enabled) return;
    const onUpdate = () => {
      revision.current += 1;
      setStatus("unsaved");
      schedule.current();
    };
    ydoc.on("update", onUpdate);
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (revision.current === savedRevision.current) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    const onPageHide = () => {
      if (revision.current !== savedRevision.current) void save(true);
    };
    // In-app links navigate without unloading the page, so beforeunload never fires for them.
    const onLinkClick = (event: MouseEvent) => {
      if (
        revision.current === savedRevision.current ||
        event.defaultPrevented ||
        event.button !== 0
      )
        return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target === "_blank") return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin === window.location.origin && url.pathname === window.location.pathname)
        return;
      if (window.confirm("This model has unsaved changes. Leave anyway?")) {
        void save(true);
      } else {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener("pagehide", onPageHide);
    document.addEventListener("click", onLinkClick, true);
    return () => {
      document.removeEventListener("click", onLinkClick, true);
      ydoc.off("update", onUpdate);
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("pagehide", onPageHide);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [enabled, ydoc, save]);

  return { status, error, saveNow: () => save() };
}
