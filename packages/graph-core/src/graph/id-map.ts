/**
 * `IdMap`: the id → node index map of a graph index, as an open-addressing hash table on typed
 * arrays. A `Map` of 10,000 string keys took 3–7 ms to build on the development VM against
 * 0.02 ms for 1,000 (its backing store crosses V8's large-object threshold, and every growth step
 * allocates there), which made a full analysis grow much faster than the graph; this table builds
 * 10,000 ids in ~0.1 ms. It behaves like a `Map<string, number>` (SameValueZero keys, insertion
 * order), and turns itself into a real `Map` for keys that are not strings (a document that
 * failed validation) or when a probe sequence grows long (ids crafted to collide), so its
 * worst case is a `Map`'s.
 */

/** Seed of the string hash, per process: colliding ids cannot be prepared in advance. */
const SEED = (Math.random() * 0x100000000) | 0;

/** Longest probe sequence tolerated before falling back to a `Map`. */
const MAX_PROBE = 48;

/** FNV-1a over UTF-16 code units with a final avalanche (murmur3's fmix32). */
function hashString(s: string): number {
  let h = SEED ^ 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Marks a deleted entry in `keys` (never a valid key: keys are strings until the fallback). */
const DELETED: unique symbol = Symbol("deleted");

/** A `Map<string, number>` for node ids, fast to build at any size (see the module comment). */
export class IdMap implements ReadonlyMap<string, number> {
  /** Per table slot: entry index + 1, 0 when empty. Linear probing, backward-shift deletion. */
  private table: Int32Array;
  private mask: number;
  /**
   * Entries in insertion order, `count` of them; deleted ones hold DELETED until the next growth
   * compacts them. Values and hashes in typed arrays: off the JS heap, nothing for the GC to scan.
   */
  private entryKeys: (string | typeof DELETED)[];
  private entryValues: Float64Array;
  private hashes: Int32Array;
  private count = 0;
  private live = 0;
  /** Set once a key is not a string or a probe ran too long: every operation goes here. */
  private fallback: Map<string, number> | null = null;

  /** `expected`: how many ids will be set (sizes the table once). */
  constructor(expected = 0) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    // Entry arrays of exactly `expected` (a keys array past 16,384 slots would itself be a V8
    // large object); they grow when full.
    const entries = Math.max(8, expected);
    this.entryKeys = new Array<string | typeof DELETED>(entries);
    this.entryValues = new Float64Array(entries);
    this.hashes = new Int32Array(entries);
  }

  get size(): number {
    return this.fallback === null ? this.live : this.fallback.size;
  }

  /** Table slot of `key`'s entry, or -1. */
  private find(key: string, h: number): number {
    const table = this.table;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = table[i]!;
      if (e === 0) return -1;
      if (this.hashes[e - 1] === h && this.entryKeys[e - 1] === key) return i;
    }
  }

  get(key: string): number | undefined {
    if (this.fallback !== null) return this.fallback.get(key);
    if (typeof key !== "string") return undefined;
    const slot = this.find(key, hashString(key));
    return slot === -1 ? undefined : this.entryValues[this.table[slot]! - 1];
  }

  has(key: string): boolean {
    if (this.fallback !== null) return this.fallback.has(key);
    return typeof key === "string" && this.find(key, hashString(key)) !== -1;
  }

  set(key: string, value: number): this {
    this.setOrKeep(key, value, true);
    return this;
  }

  /**
   * Sets `key` to `value` unless it is already present; returns the value it already had, or
   * undefined when it was added. One hash and probe for "add if new" (duplicate ids).
   */
  addIfAbsent(key: string, value: number): number | undefined {
    return this.setOrKeep(key, value, false);
  }

  private setOrKeep(key: string, value: number, overwrite: boolean): number | undefined {
    if (this.fallback === null && typeof key !== "string") this.toFallback();
    const fallback = this.fallback;
    if (fallback !== null) {
      const old = fallback.get(key);
      if (old === undefined || overwrite) fallback.set(key, value);
      return old;
    }
    const h = hashString(key);
    const table = this.table;
    const mask = this.mask;
    let probes = 0;
    let i = h & mask;
    for (; ; i = (i + 1) & mask, probes++) {
      const e = table[i]!;
      if (e === 0) break;
      if (this.hashes[e - 1] === h && this.entryKeys[e - 1] === key) {
        const old = this.entryValues[e - 1]!;
        if (overwrite) this.entryValues[e - 1] = value;
        return old;
      }
    }
    if (probes > MAX_PROBE) {
      this.toFallback();
      this.fallback!.set(key, value);
      return undefined;
    }
    // Grown only when a new entry does not fit, so a map sized for its ids never grows.
    if (this.count === this.hashes.length || (this.count + 1) * 2 > table.length) {
      this.grow();
      i = h & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
    }
    const e = this.count++;
    this.table[i] = e + 1;
    this.entryKeys[e] = key;
    this.entryValues[e] = value;
    this.hashes[e] = h;
    this.live++;
    return undefined;
  }

  delete(key: string): boolean {
    if (this.fallback !== null) return this.fallback.delete(key);
    if (typeof key !== "string") return false;
    let i = this.find(key, hashString(key));
    if (i === -1) return false;
    const table = this.table;
    const mask = this.mask;
    this.entryKeys[table[i]! - 1] = DELETED;
    this.live--;
    // Backward shift: pull later entries of the run into the hole when their home allows it.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const e = table[j]!;
      if (e === 0) break;
      const home = this.hashes[e - 1]! & mask;
      // The entry at j moves into the hole when the hole lies cyclically in [home, j).
      if (((i - home) & mask) < ((j - home) & mask)) {
        table[i] = e;
        i = j;
      }
    }
    table[i] = 0;
    return true;
  }

  /**
   * Compacts the entries into arrays of twice the live count and rebuilds the table at a load of
   * at most 1/4 (it never shrinks).
   */
  private grow(): void {
    let cap = this.table.length;
    while (cap < this.live * 4) cap <<= 1;
    const entries = Math.max(8, this.live * 2);
    const keys = new Array<string | typeof DELETED>(entries);
    const values = new Float64Array(entries);
    const hashes = new Int32Array(entries);
    const table = new Int32Array(cap);
    const mask = cap - 1;
    let k = 0;
    for (let e = 0; e < this.count; e++) {
      const key = this.entryKeys[e]!;
      if (key === DELETED) continue;
      const h = this.hashes[e]!;
      keys[k] = key;
      values[k] = this.entryValues[e]!;
      hashes[k] = h;
      let i = h & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = ++k;
    }
    this.entryKeys = keys;
    this.entryValues = values;
    this.hashes = hashes;
    this.count = k;
    this.table = table;
    this.mask = mask;
  }

  private toFallback(): void {
    const map = new Map<string, number>();
    for (let e = 0; e < this.count; e++) {
      const key = this.entryKeys[e]!;
      if (key !== DELETED) map.set(key, this.entryValues[e]!);
    }
    this.fallback = map;
    this.entryKeys = [];
    this.entryValues = new Float64Array(0);
    this.hashes = new Int32Array(0);
    this.count = 0;
    this.table = new Int32Array(16);
    this.mask = 15;
  }

  *entries(): MapIterator<[string, number]> {
    if (this.fallback !== null) {
      yield* this.fallback.entries();
      return;
    }
    for (let e = 0; e < this.count; e++) {
      const key = this.entryKeys[e]!;
      if (key !== DELETED) yield [key, this.entryValues[e]!];
    }
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<number> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(
    callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return "IdMap";
  }
}

/**
 * Id → position in `nodes`, the last node winning for a repeated id (as `Map#set` in document
 * order does): the per-call id index of the visual encoding, layouts and codegen.
 */
export function indexByLastId(nodes: readonly { id: string }[]): IdMap {
  const map = new IdMap(nodes.length);
  for (let i = 0; i < nodes.length; i++) map.set(nodes[i]!.id, i);
  return map;
}
