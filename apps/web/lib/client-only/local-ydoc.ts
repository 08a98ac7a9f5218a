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

/** Log entries kept before they are folded into the snapshot (each is one pause in typing). */
const LOG_ENTRIES_UP_TO = 64;
/** Characters of log kept before it is folded into the snapshot. */
const LOG_CHARS_UP_TO = 256 * 1024;

/** Where and when the document is kept; the browser's by default (tests pass their own). */
export interface TLocalYDocOptions {
  storage?: Storage;
  /** Receives `pagehide` and `visibilitychange`; `window` by default. */
  events?: EventTarget;
  /** Runs `work` when the page is idle (after the edit's frame); `requestIdleCallback` by default. */
  whenIdle?: (work: () => void) => void;
}

export interface TLocalYDoc {
  ydoc: Y.Doc;
  /** Saves what is pending and stops saving. */
  close: () => void;
  /** Writes the pending updates now (done on `pagehide` and when the page is hidden). */
  flush: () => void;
  loadError: string | null;
}

function defaultWhenIdle(work: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(work, { timeout: 1000 });
  else setTimeout(work, 0);
}

/**
 * A Y.Doc kept in this browser's storage under `key`: a snapshot (the whole document, base64, under
 * `key` itself) plus a log of the updates since (`key:log:<session>:<n>`, one per pause in typing).
 * Saving an edit writes only its small update, after the edit's frame, when the browser is idle;
 * the whole document is encoded only when the log is folded into the snapshot (every
 * `LOG_ENTRIES_UP_TO` entries, at idle) — at 1,000 layers that encoding costs tens of
 * milliseconds, which a save after every pause in typing put in front of the next keystroke.
 * Updates commute, so the log's entries load in any order, and a second tab's entries are kept
 * beside this one's. `pagehide` (and the page going hidden) writes what is pending: only the small
 * update, cheap enough for unload. `seed` fills a document that was never saved.
 */
export function openLocalYDoc(
  key: string,
  seed: (ydoc: Y.Doc) => void,
  options: TLocalYDocOptions = {},
): TLocalYDoc {
  const storage = options.storage ?? localStorage;
  const events = options.events ?? (typeof window === "undefined" ? undefined : window);
  const whenIdle = options.whenIdle ?? defaultWhenIdle;
  const prefix = `${key}:log:`;
  const session = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const ydoc = new Y.Doc();
  let loadError: string | null = null;

  /** Log keys whose updates this document holds (loaded or written here): folded at compaction. */
  const held: string[] = [];
  let logChars = 0;
  const logKeys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(prefix)) logKeys.push(k);
  }
  const saved = storage.getItem(key);
  if (saved) {
    try {
      Y.applyUpdate(ydoc, fromBase64(saved));
    } catch (e) {
      loadError = `The saved model could not be read (${e instanceof Error ? e.message : String(e)}); started a new one.`;
    }
  }
  /** Log entries that are not updates: reported once, then dropped with the next snapshot. */
  const unreadable: string[] = [];
  if (saved && !loadError) {
    for (const k of logKeys) {
      const text = storage.getItem(k);
      try {
        if (text) Y.applyUpdate(ydoc, fromBase64(text));
        held.push(k);
        logChars += text?.length ?? 0;
      } catch {
        unreadable.push(k);
      }
    }
    const skipped = unreadable.length;
    if (skipped)
      loadError = `${skipped} saved change${skipped === 1 ? "" : "s"} could not be read and ${skipped === 1 ? "was" : "were"} left out.`;
  } else {
    // A log without its snapshot belongs to no document this one can rebuild.
    for (const k of logKeys) storage.removeItem(k);
    seed(ydoc);
  }

  let seq = 0;
  let pending: Uint8Array[] = [];
  let flushQueued = false;
  let compactQueued = false;
  let closed = false;

  /** Folds the whole document into the snapshot and drops the log entries it now holds. */
  const compact = (): boolean => {
    compactQueued = false;
    const snapshot = toBase64(Y.encodeStateAsUpdate(ydoc));
    try {
      storage.setItem(key, snapshot);
    } catch {
      // Quota exceeded beside the log: the snapshot replaces the log, so make room with it. When
      // even that does not fit, the model stays in memory; nothing else we can do offline.
      for (const k of held.splice(0)) storage.removeItem(k);
      logChars = 0;
      try {
        storage.setItem(key, snapshot);
      } catch {
        return false;
      }
    }
    // The snapshot holds the pending updates too.
    pending = [];
    for (const k of held.splice(0)) storage.removeItem(k);
    logChars = 0;
    return true;
  };
  const logTooLong = () => held.length > LOG_ENTRIES_UP_TO || logChars > LOG_CHARS_UP_TO;
  const queueCompaction = () => {
    if (compactQueued || closed) return;
    compactQueued = true;
    whenIdle(() => {
      if (!closed) compact();
    });
  };

  function flushNow(): void {
    flushQueued = false;
    if (!pending.length) return;
    const update = pending.length === 1 ? pending[0]! : Y.mergeUpdates(pending);
    pending = [];
    const k = `${prefix}${session}:${seq++}`;
    const text = toBase64(update);
    try {
      storage.setItem(k, text);
    } catch {
      // Full: fold everything into the snapshot, which also holds this update; kept pending if
      // even that does not fit.
      if (!compact()) pending.unshift(update);
      return;
    }
    held.push(k);
    logChars += text.length;
    if (logTooLong()) queueCompaction();
  }

  // Once the snapshot holds everything readable, an unreadable entry can only be reported again
  // at every load: it is dropped (the message above said what was left out).
  if (!saved || loadError) {
    if (compact()) for (const k of unreadable) storage.removeItem(k);
  } else if (logTooLong()) queueCompaction();

  const onUpdate = (update: Uint8Array) => {
    pending.push(update);
    if (flushQueued) return;
    flushQueued = true;
    whenIdle(() => {
      if (!closed) flushNow();
    });
  };
  const onHide = () => {
    if (typeof document === "undefined" || document.visibilityState === "hidden") flushNow();
  };
  ydoc.on("update", onUpdate);
  events?.addEventListener("pagehide", flushNow);
  events?.addEventListener("visibilitychange", onHide);
  return {
    ydoc,
    loadError,
    flush: flushNow,
    close: () => {
      flushNow();
      closed = true;
      ydoc.off("update", onUpdate);
      events?.removeEventListener("pagehide", flushNow);
      events?.removeEventListener("visibilitychange", onHide);
    },
  };
}
