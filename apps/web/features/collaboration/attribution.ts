import type { TModelFlow } from "@layerwise/graph-core";
import * as Y from "yjs";

/** Who changed what on which node, and when it arrived here. */
export interface TChange {
  nodeId: string;
  /** A param name, or `type`, `label`, `position`, `connections`, `added`, `removed`. */
  what: string;
  /** The Y.Doc client id of the author; null when Yjs cannot tell (a pure deletion). */
  client: number | null;
  at: number;
}

/** Node fields that are bookkeeping, not something a person changed. */
const IGNORED_FIELDS = new Set(["$order", "$extra"]);

/** The author of the current value of `key` in a Y.Map: the client of the item holding it. */
function authorOfKey(map: { _map: Map<string, Y.Item> }, key: string): number | null {
  // Y.Map exposes no public accessor for the item behind a key; `_map` is typed and stable.
  return map._map.get(key)?.id.client ?? null;
}

/** The only client whose clock advanced in a transaction (the sender), when there is one. */
function soleAuthor(txn: Y.Transaction): number | null {
  const advanced: number[] = [];
  for (const [client, clock] of txn.afterState)
    if ((txn.beforeState.get(client) ?? 0) < clock) advanced.push(client);
  return advanced.length === 1 ? advanced[0]! : null;
}

/** Per-node changes of one transaction on the `nodes` map. */
export function nodeChanges(
  events: readonly Y.YEvent<Y.AbstractType<unknown>>[],
  txn: Y.Transaction,
): Omit<TChange, "at">[] {
  const out: Omit<TChange, "at">[] = [];
  const fallback = () => soleAuthor(txn);
  for (const ev of events) {
    const path = ev.path.map(String);
    for (const [key, change] of ev.changes.keys) {
      if (change.action === "delete" && path.length === 0) {
        out.push({ nodeId: key, what: "removed", client: fallback() });
        continue;
      }
      const client = change.action === "delete" ? fallback() : authorOfKey(ev.target, key);
      if (path.length === 0) out.push({ nodeId: key, what: "added", client });
      else if (path.length === 1 && !IGNORED_FIELDS.has(key))
        out.push({ nodeId: path[0]!, what: key, client });
      else if (path.length >= 2 && path[1] === "params")
        out.push({ nodeId: path[0]!, what: path[2] ?? key, client });
    }
  }
  return out;
}

/** Remembers which node each edge feeds, so a removed edge can still be attributed. */
export class EdgeTargets {
  private targets = new Map<string, string>();

  constructor(edges: Y.Map<Y.Map<unknown>>) {
    for (const [id, e] of edges) this.note(id, e);
  }

  private note(id: string, edge: unknown): string | undefined {
    const target = edge instanceof Y.Map ? edge.get("target") : undefined;
    if (typeof target === "string") this.targets.set(id, target);
    return this.targets.get(id);
  }

  /** Per-target-node changes of one transaction on the `edges` map. */
  changes(
    events: readonly Y.YEvent<Y.AbstractType<unknown>>[],
    txn: Y.Transaction,
  ): Omit<TChange, "at">[] {
    const out: Omit<TChange, "at">[] = [];
    for (const ev of events) {
      const edges = ev.target as Y.Map<unknown>;
      if (ev.path.length === 0) {
        for (const [id, change] of ev.changes.keys) {
          const target =
            change.action === "delete" ? this.targets.get(id) : this.note(id, edges.get(id));
          const client = change.action === "delete" ? soleAuthor(txn) : authorOfKey(edges, id);
          if (change.action === "delete") this.targets.delete(id);
          if (target) out.push({ nodeId: target, what: "connections", client });
        }
      } else {
        const id = String(ev.path[0]);
        const before = this.targets.get(id);
        const after = this.note(id, ev.target);
        const key = [...ev.changes.keys.keys()][0] ?? "target";
        const client = authorOfKey(ev.target, key) ?? soleAuthor(txn);
        for (const nodeId of new Set([before, after]))
          if (nodeId) out.push({ nodeId, what: "connections", client });
      }
    }
    return out;
  }
}

/** The node and everything upstream of it: where a change can break it. */
export function upstreamOf(flow: TModelFlow, nodeId: string): Set<string> {
  const inputs = new Map<string, string[]>();
  for (const e of flow.edges) inputs.set(e.target, [...(inputs.get(e.target) ?? []), e.source]);
  const seen = new Set([nodeId]);
  const stack = [nodeId];
  while (stack.length) {
    for (const src of inputs.get(stack.pop()!) ?? [])
      if (!seen.has(src)) {
        seen.add(src);
        stack.push(src);
      }
  }
  return seen;
}

/**
 * The remote change that broke `nodeId`: the latest change (other than a move) to the node or
 * anything upstream of it that arrived within `windowMs` before the error appeared. An error that
 * was there before the change is not blamed on it.
 */
export function findCulprit(
  flow: TModelFlow,
  nodeId: string,
  changes: readonly TChange[],
  errorSince: number,
  windowMs = 1500,
): TChange | null {
  const scope = upstreamOf(flow, nodeId);
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i]!;
    if (c.at > errorSince + 50) continue;
    if (c.at < errorSince - windowMs) break;
    if (c.what !== "position" && (scope.has(c.nodeId) || c.what === "removed")) return c;
  }
  return null;
}

/** "12 s ago", "3 min ago", "2 h ago" ("just now" under 2 s). */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 2) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/** "Demo User changed stride on enc2_conv1 12 s ago". */
export function describeChange(change: TChange, author: string | null, now: number): string {
  const who = author ?? "A collaborator";
  const when = formatAgo(now - change.at);
  if (change.what === "added") return `${who} added ${change.nodeId} ${when}`;
  if (change.what === "removed") return `${who} removed ${change.nodeId} ${when}`;
  if (change.what === "connections")
    return `${who} changed the connections of ${change.nodeId} ${when}`;
  return `${who} changed ${change.what} on ${change.nodeId} ${when}`;
}
