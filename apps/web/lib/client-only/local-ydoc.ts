import * as Y from "yjs";

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * A Y.Doc kept in this browser's localStorage under `key`: loaded at once, saved (debounced)
 * after every update and when the page is hidden. Returns the doc and a function that stops
 * saving. `seed` fills a doc that has never been saved.
 */
export function openLocalYDoc(
  key: string,
  seed: (ydoc: Y.Doc) => void,
): { ydoc: Y.Doc; close: () => void; loadError: string | null } {
  const ydoc = new Y.Doc();
  let loadError: string | null = null;
  const saved = localStorage.getItem(key);
  if (saved) {
    try {
      Y.applyUpdate(ydoc, fromBase64(saved));
    } catch (e) {
      loadError = `The saved model could not be read (${e instanceof Error ? e.message : String(e)}); started a new one.`;
    }
  }
  if (!saved || loadError) seed(ydoc);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    timer = null;
    try {
      localStorage.setItem(key, toBase64(Y.encodeStateAsUpdate(ydoc)));
    } catch {
      // Quota exceeded: the model stays in memory; nothing else we can do without a server.
    }
  };
  // Encoding the whole document allocates; do it once typing pauses, when the browser is idle,
  // so a save never lands inside an edit's frame.
  const onUpdate = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(
      () =>
        typeof requestIdleCallback === "function"
          ? requestIdleCallback(save, { timeout: 1000 })
          : save(),
      400,
    );
  };
  const onHide = () => {
    if (timer !== null) {
      clearTimeout(timer);
      save();
    }
  };
  ydoc.on("update", onUpdate);
  window.addEventListener("pagehide", onHide);
  return {
    ydoc,
    loadError,
    close: () => {
      onHide();
      ydoc.off("update", onUpdate);
      window.removeEventListener("pagehide", onHide);
    },
  };
}
