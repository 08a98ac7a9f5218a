import type { TModelFlow } from "@layerwise/graph-core";
import type * as Y from "yjs";
import { EdgeTargets, describeChange, findCulprit, nodeChanges, type TChange } from "./attribution";
import type { TPeerUser } from "./peers";

/** Changes older than this are forgotten: "who broke it" is about the last few minutes. */
const MAX_AGE_MS = 10 * 60_000;
const MAX_CHANGES = 500;

export interface TChangeTrackerOptions {
  /** True for transactions that carry a colleague's edit (the collab provider's). */
  isRemote: (txn: Y.Transaction) => boolean;
  now?: () => number;
}

/**
 * Records colleagues' changes as they arrive (from the Y.Doc's transactions) and, fed the
 * editor's analysis, remembers which remote change made each node fail, to name it in the
 * error: "Demo User changed stride on enc2_conv1 12 s ago".
 */
export class ChangeTracker {
  private changes: TChange[] = [];
  private users = new Map<number, TPeerUser>();
  private errorSince = new Map<string, number>();
  private culprits = new Map<string, TChange>();
  private listeners = new Set<() => void>();
  private version = 0;
  private readonly now: () => number;
  private readonly edgeTargets: EdgeTargets;
  private readonly nodes: Y.Map<Y.Map<unknown>>;
  private readonly edges: Y.Map<Y.Map<unknown>>;

  constructor(
    ydoc: Y.Doc,
    private readonly options: TChangeTrackerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.nodes = ydoc.getMap("nodes");
    this.edges = ydoc.getMap("edges");
    this.edgeTargets = new EdgeTargets(this.edges);
    this.nodes.observeDeep(this.onNodes);
    this.edges.observeDeep(this.onEdges);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Bumped whenever a culprit is found or cleared. */
  getVersion = (): number => this.version;

  /** Remembers who each client is (awareness); kept after they leave, for their old changes. */
  noteUser(clientId: number, user: TPeerUser): void {
    this.users.set(clientId, user);
  }

  /** Every remembered remote change, oldest first. */
  recent(): readonly TChange[] {
    return this.changes;
  }

  /**
   * Feeds the nodes that currently have errors. A node that just started failing is blamed on
   * the remote change that arrived with its failure, if any; a node that recovered is cleared.
   */
  observeErrors(flow: TModelFlow, failing: ReadonlySet<string>): void {
    const now = this.now();
    let changed = false;
    for (const id of [...this.errorSince.keys()])
      if (!failing.has(id)) {
        this.errorSince.delete(id);
        changed = this.culprits.delete(id) || changed;
      }
    for (const id of failing) {
      if (this.errorSince.has(id)) continue;
      this.errorSince.set(id, now);
      const culprit = findCulprit(flow, id, this.changes, now);
      if (culprit) {
        this.culprits.set(id, culprit);
        changed = true;
      }
    }
    if (changed) this.bump();
  }

  /** Who broke `nodeId`, in words; null when nobody else did. */
  explain(nodeId: string): string | null {
    const c = this.culprits.get(nodeId);
    if (!c) return null;
    const author = c.client === null ? null : (this.users.get(c.client)?.name ?? null);
    return describeChange(c, author, this.now());
  }

  destroy(): void {
    this.nodes.unobserveDeep(this.onNodes);
    this.edges.unobserveDeep(this.onEdges);
    this.listeners.clear();
  }

  private bump(): void {
    this.version += 1;
    for (const l of this.listeners) l();
  }

  private record(found: Omit<TChange, "at">[]): void {
    const at = this.now();
    for (const f of found) this.changes.push({ ...f, at });
    const oldest = at - MAX_AGE_MS;
    let drop = 0;
    while (drop < this.changes.length && this.changes[drop]!.at < oldest) drop++;
    drop = Math.max(drop, this.changes.length - MAX_CHANGES);
    if (drop > 0) this.changes.splice(0, drop);
  }

  private onNodes = (events: Y.YEvent<Y.AbstractType<unknown>>[], txn: Y.Transaction) => {
    if (this.options.isRemote(txn)) this.record(nodeChanges(events, txn));
  };

  private onEdges = (events: Y.YEvent<Y.AbstractType<unknown>>[], txn: Y.Transaction) => {
    // Local edge edits still move the cache on, so a later remote removal finds its target.
    const found = this.edgeTargets.changes(events, txn);
    if (this.options.isRemote(txn)) this.record(found);
  };
}
