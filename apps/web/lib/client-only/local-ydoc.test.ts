import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openLocalYDoc, type TLocalYDocOptions } from "./local-ydoc";

/** The Web Storage interface over a Map, with a browser-like quota (characters of keys + values). */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    let used = k.length + v.length;
    for (const [ok, ov] of this.items) if (ok !== k) used += ok.length + ov.length;
    if (used > this.quota) throw new DOMException("quota", "QuotaExceededError");
    this.items.set(k, String(v));
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
  clear(): void {
    this.items.clear();
  }
  keys(): string[] {
    return [...this.items.keys()];
  }
}

const KEY = "test:doc";

/** Characters of the document in `storage` folded into one snapshot. */
function probeSnapshot(storage: MemoryStorage): number {
  const ydoc = new Y.Doc();
  for (const k of storage.keys())
    Y.applyUpdate(
      ydoc,
      Uint8Array.from(atob(storage.getItem(k)!), (c) => c.charCodeAt(0)),
    );
  return btoa(String.fromCharCode(...Y.encodeStateAsUpdate(ydoc))).length;
}

/** Idle work runs when the test says the page is idle. */
function idleQueue(): { whenIdle: (w: () => void) => void; runIdle: () => void } {
  const queue: (() => void)[] = [];
  return {
    whenIdle: (w) => void queue.push(w),
    runIdle: () => {
      while (queue.length) queue.shift()!();
    },
  };
}

function seed(ydoc: Y.Doc): void {
  ydoc.getMap("nodes").set("input", "Input");
}

function contents(ydoc: Y.Doc): unknown {
  return ydoc.getMap("nodes").toJSON();
}

function open(storage: Storage, extra: TLocalYDocOptions = {}) {
  const events = new EventTarget();
  return { events, ...openLocalYDoc(KEY, seed, { storage, events, ...extra }) };
}

describe("openLocalYDoc", () => {
  it("seeds a new document, saves edits as small log entries at idle and loads them back", () => {
    const storage = new MemoryStorage();
    const { whenIdle, runIdle } = idleQueue();
    const a = open(storage, { whenIdle });
    expect(storage.getItem(KEY)).not.toBeNull();
    const snapshot = storage.getItem(KEY);
    a.ydoc.getMap("nodes").set("conv", "Conv2d");
    a.ydoc.getMap("nodes").set("bn", "BatchNorm2d");
    // Nothing is written inside the edit: only when the page is idle, as one entry.
    expect(storage.keys().filter((k) => k.startsWith(`${KEY}:log:`))).toHaveLength(0);
    runIdle();
    expect(storage.keys().filter((k) => k.startsWith(`${KEY}:log:`))).toHaveLength(1);
    expect(storage.getItem(KEY)).toBe(snapshot);
    a.close();
    const b = open(storage);
    expect(b.loadError).toBeNull();
    expect(contents(b.ydoc)).toEqual({ input: "Input", conv: "Conv2d", bn: "BatchNorm2d" });
  });

  it("writes what is pending on pagehide (before the idle callback ever ran)", () => {
    const storage = new MemoryStorage();
    const { whenIdle } = idleQueue();
    const a = open(storage, { whenIdle });
    a.ydoc.getMap("nodes").set("conv", "Conv2d");
    a.events.dispatchEvent(new Event("pagehide"));
    expect(contents(open(storage).ydoc)).toEqual({ input: "Input", conv: "Conv2d" });
  });

  it("folds a long log into the snapshot at idle, keeping every edit", () => {
    const storage = new MemoryStorage();
    const { whenIdle, runIdle } = idleQueue();
    const a = open(storage, { whenIdle });
    const nodes = a.ydoc.getMap("nodes");
    let logged = 0;
    for (let i = 0; i < 200; i++) {
      nodes.set(`n${i}`, i);
      runIdle();
      logged = Math.max(logged, storage.keys().filter((k) => k.includes(":log:")).length);
    }
    expect(logged).toBeLessThanOrEqual(65);
    expect(storage.keys().filter((k) => k.includes(":log:")).length).toBeLessThan(65);
    a.close();
    const b = open(storage);
    expect(Object.keys(contents(b.ydoc) as object)).toHaveLength(201);
  });

  it("reads a snapshot saved by the earlier format (the whole document under the key)", () => {
    const storage = new MemoryStorage();
    const old = new Y.Doc();
    old.getMap("nodes").set("relu", "ReLU");
    storage.setItem(KEY, btoa(String.fromCharCode(...Y.encodeStateAsUpdate(old))));
    const a = open(storage);
    expect(a.loadError).toBeNull();
    expect(contents(a.ydoc)).toEqual({ relu: "ReLU" });
  });

  it("keeps the edits of two tabs (sessions) that saved beside each other", () => {
    const storage = new MemoryStorage();
    const a = open(storage);
    const b = open(storage);
    a.ydoc.getMap("nodes").set("fromA", 1);
    b.ydoc.getMap("nodes").set("fromB", 2);
    a.close();
    b.close();
    expect(contents(open(storage).ydoc)).toEqual({ input: "Input", fromA: 1, fromB: 2 });
  });

  it("starts a new model when the snapshot is unreadable, and skips an unreadable log entry", () => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, "%%% not base64");
    const a = open(storage);
    expect(a.loadError).toMatch(/could not be read/);
    expect(contents(a.ydoc)).toEqual({ input: "Input" });
    a.ydoc.getMap("nodes").set("kept", true);
    a.close();
    storage.setItem(`${KEY}:log:other:0`, btoa("garbage"));
    const b = open(storage);
    expect(b.loadError).toMatch(/1 saved change could not be read/);
    expect(contents(b.ydoc)).toEqual({ input: "Input", kept: true });
    b.close();
    // Reported once: the snapshot now holds what was readable, and the entry is gone.
    expect(storage.keys().filter((k) => k.includes(":log:"))).toEqual([]);
    const c = open(storage);
    expect(c.loadError).toBeNull();
    expect(contents(c.ydoc)).toEqual({ input: "Input", kept: true });
  });

  it("when the storage is full, folds the log into the snapshot instead of losing the edit", () => {
    const edit = (ydoc: Y.Doc, i: number) => ydoc.getMap("nodes").set(`n${i}`, "x".repeat(8));
    const probe = new MemoryStorage();
    const p = open(probe);
    for (let i = 0; i < 40; i++) edit(p.ydoc, i);
    p.close();
    // Room for the final snapshot, not for the snapshot beside forty log entries.
    const storage = new MemoryStorage(KEY.length + probeSnapshot(probe) + 200);
    const a = open(storage);
    for (let i = 0; i < 40; i++) {
      edit(a.ydoc, i);
      a.flush();
    }
    a.close();
    expect(storage.keys().filter((k) => k.includes(":log:")).length).toBeLessThan(40);
    expect(Object.keys(contents(open(storage).ydoc) as object)).toHaveLength(41);
  });
});
