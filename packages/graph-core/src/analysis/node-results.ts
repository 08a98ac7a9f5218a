/**
 * `TAnalysis.nodes`: a read-only id → result map over the engine's node numbering. It shares the
 * engine's id index instead of hashing every id into a Map of its own, and the next analysis after
 * an edit copies only the result array (pointers) and overwrites the changed entries, so an edit
 * costs what it recomputes rather than a Map rebuild of the whole graph (10,000 ids ≈ ms).
 */
import type { TNodeAnalysis } from "./types";

/**
 * Bumped by the engine whenever it changes its id → index map in place (a node appended or
 * removed without a re-index). A snapshot taken under another version no longer trusts that map.
 */
export interface TIdGuard {
  version: number;
}

/** An immutable snapshot of every node's result, keyed by id, in document order. */
export class NodeResults implements ReadonlyMap<string, TNodeAnalysis> {
  // Private (#) fields: not own enumerable properties, so deep equality (toEqual) compares two
  // snapshots by their entries only, like two Maps.
  readonly #ids: readonly string[];
  readonly #indexOf: ReadonlyMap<string, number>;
  readonly #results: readonly TNodeAnalysis[];
  readonly #guard: TIdGuard;
  readonly #version: number;
  /** Built on first lookup once the shared map has moved on (old snapshots only). */
  #own: Map<string, number> | null = null;

  /**
   * `ids[v]` and `results[v]` describe node v; `indexOf` maps ids to v while `guard.version`
   * is unchanged. Neither array may be mutated afterwards.
   */
  constructor(
    ids: readonly string[],
    indexOf: ReadonlyMap<string, number>,
    results: readonly TNodeAnalysis[],
    guard: TIdGuard,
  ) {
    this.#ids = ids;
    this.#indexOf = indexOf;
    this.#results = results;
    this.#guard = guard;
    this.#version = guard.version;
  }

  /** The result array, for the next snapshot to copy (same package only). */
  get results(): readonly TNodeAnalysis[] {
    return this.#results;
  }

  /** The same ids with another result array (which must not be mutated afterwards). */
  withResults(results: readonly TNodeAnalysis[]): NodeResults {
    return new NodeResults(this.#ids, this.#indexOf, results, this.#guard);
  }

  /** True when `ids` is this snapshot's id list (same node numbering). */
  hasIds(ids: readonly string[]): boolean {
    return this.#ids === ids && this.#guard.version === this.#version;
  }

  private indexOf(id: string): number | undefined {
    if (this.#guard.version === this.#version) return this.#indexOf.get(id);
    if (this.#own === null) {
      this.#own = new Map();
      for (let v = 0; v < this.#ids.length; v++) this.#own.set(this.#ids[v]!, v);
    }
    return this.#own.get(id);
  }

  get size(): number {
    return this.#ids.length;
  }

  get(id: string): TNodeAnalysis | undefined {
    const v = this.indexOf(id);
    return v === undefined ? undefined : this.#results[v];
  }

  has(id: string): boolean {
    return this.indexOf(id) !== undefined;
  }

  *entries(): MapIterator<[string, TNodeAnalysis]> {
    for (let v = 0; v < this.#ids.length; v++) yield [this.#ids[v]!, this.#results[v]!];
  }

  *keys(): MapIterator<string> {
    yield* this.#ids;
  }

  *values(): MapIterator<TNodeAnalysis> {
    yield* this.#results;
  }

  forEach(
    callback: (value: TNodeAnalysis, key: string, map: ReadonlyMap<string, TNodeAnalysis>) => void,
    thisArg?: unknown,
  ): void {
    for (let v = 0; v < this.#ids.length; v++)
      callback.call(thisArg, this.#results[v]!, this.#ids[v]!, this);
  }

  [Symbol.iterator](): MapIterator<[string, TNodeAnalysis]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return "NodeResults";
  }
}
