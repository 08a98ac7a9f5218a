import {
  applyStoredState,
  loadStoredState,
  type ProjectUnavailableError,
} from "@layerwise/collab-store";
import type { PrismaClient } from "@layerwise/db";
import type { TRole } from "@layerwise/protocol";
import type { TLogger } from "@layerwise/server-kit";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { TFanout } from "./fanout";
import type { AwarenessLimiter } from "./limits";
import type { TLoadedRoom } from "./load";
import { PresenceRelay } from "./presence";
import { encodeAwareness, encodePersisted, encodeSyncStep1, encodeUpdate } from "./protocol";
import { WriteAhead, type TPendingUpdate } from "./store";

/** Origin of changes that are already committed elsewhere (Redis, a reload from Postgres). */
export const REMOTE_ORIGIN = "layerwise:remote";

/** One WebSocket in a room. `readOnly` follows the member's current role (demotions apply live). */
export class Conn {
  readonly awarenessIds = new Set<number>();

  constructor(
    readonly ws: WebSocket,
    readonly userId: string,
    public role: TRole,
    readonly limiter: AwarenessLimiter,
  ) {}

  get readOnly(): boolean {
    return this.role === "viewer";
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(message);
  }
}

/** What a room needs from the server around it. */
export interface TRoomDeps {
  db: PrismaClient;
  /** Commits one update to the project's log; resolves with its sequence number. */
  append: (projectId: string, data: Uint8Array, origin: string | null) => Promise<number>;
  fanout: TFanout;
  log: TLogger;
  /** A commit or a remote change landed (compaction, summary). */
  onChanged: (room: Room) => void;
  /** The last connection left. */
  onEmpty: (room: Room) => void;
  /** The project was archived or deleted under the room. */
  onUnavailable: (room: Room, error: ProjectUnavailableError) => void;
}

/** How long a gap in the log sequence may stay open before the room reloads from Postgres. */
const GAP_RELOAD_MS = 300;

/**
 * One live project: the Y.Doc every connection shares, awareness, the write-ahead store, and the
 * log position. The document only ever leaves the server committed: client updates are broadcast
 * by the store's commit callback, and sync answers wait while a commit is in flight.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Set<Conn>();
  readonly teamId: string;
  readonly store: WriteAhead<Conn>;
  private readonly presence: PresenceRelay;
  closed = false;
  /** Every log entry up to here is in `doc`; `ahead` holds the ones beyond a gap. */
  private seq: number;
  private ahead = new Set<number>();
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  /** While a sync answer waits for a commit, new client updates wait here (not yet applied). */
  private held: { conn: Conn; update: Uint8Array }[] | null = null;
  private syncWaiters: (() => void)[] = [];

  constructor(
    readonly projectId: string,
    loaded: TLoadedRoom,
    private readonly deps: TRoomDeps,
  ) {
    this.doc = loaded.doc;
    this.teamId = loaded.teamId;
    this.seq = loaded.seq;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.presence = new PresenceRelay(this.awareness, {
      toClients: (message) => {
        for (const conn of this.conns) conn.send(message);
      },
      toPeers: (update) => deps.fanout.publishAwareness(projectId, update),
    });
    this.store = new WriteAhead<Conn>({
      append: (data, batch) => this.append(data, batch),
      stateVector: () => Y.encodeStateVector(this.doc),
      onCommitted: (batch, data, seq, sv) => this.committed(batch, data, seq, sv),
      onUnavailable: (error) => deps.onUnavailable(this, error),
      log: deps.log,
    });
    this.doc.on("update", (update: Uint8Array, origin: unknown) =>
      this.onDocUpdate(update, origin),
    );
    this.awareness.on("update", (change: TAwarenessChange, origin: unknown) =>
      this.onAwarenessUpdate(change, origin),
    );
  }

  /** True while a sync answer waits for a commit (client updates are held meanwhile). */
  get isHoldingForSync(): boolean {
    return this.held !== null;
  }

  /** The log position the document includes without gaps. */
  get logSeq(): number {
    return this.seq;
  }

  /** Adds a connection: asks it for what it has that the server lacks, and shows who is here. */
  join(conn: Conn): void {
    this.conns.add(conn);
    conn.send(encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) conn.send(encodeAwareness(this.awareness, states));
  }

  /** Removes a connection and, for everyone, the awareness states it controlled. */
  leave(conn: Conn): void {
    if (!this.conns.delete(conn)) return;
    if (conn.awarenessIds.size > 0)
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], conn);
    if (this.conns.size === 0) this.deps.onEmpty(this);
  }

  /** A client's update or sync step 2 (the caller dropped viewers'). Throws on malformed bytes. */
  applyClientUpdate(conn: Conn, update: Uint8Array): void {
    if (this.held) {
      this.held.push({ conn, update });
      return;
    }
    Y.applyUpdate(this.doc, update, conn);
  }

  /**
   * Runs `fn` when the document holds nothing uncommitted (at once when the store is idle).
   * Until then client updates are held back unapplied, so the wait is one commit at most.
   */
  whenCommitted(fn: () => void): void {
    if (!this.held && this.store.isIdle) return fn();
    this.syncWaiters.push(fn);
    if (this.held) return;
    this.held = [];
    this.store.afterCommit(() => this.releaseHeld());
  }

  /** Message 100 for the document as it is (only call when nothing is uncommitted). */
  persistedMessage(): Uint8Array {
    return encodePersisted(Y.encodeStateVector(this.doc));
  }

  /** A committed update from another instance or server-side writer, with its log number. */
  applyRemoteUpdate(seq: number, data: Uint8Array): void {
    if (seq <= this.seq || this.ahead.has(seq)) return;
    try {
      Y.applyUpdate(this.doc, data, REMOTE_ORIGIN);
    } catch (error) {
      this.deps.log.warn("remote update does not apply; reloading", { error: String(error) });
      void this.reload();
      return;
    }
    this.markSeq(seq);
  }

  /** Awareness from another instance. */
  applyRemoteAwareness(data: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, data, REMOTE_ORIGIN);
    } catch {
      // A malformed awareness message from a peer instance changes nothing here.
    }
  }

  /** Closes every connection and frees the document (after the store committed what it can). */
  destroy(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    for (const conn of this.conns) conn.ws.close(code, reason);
    this.conns.clear();
    this.store.stop();
    this.presence.stop();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private releaseHeld(): void {
    for (const fn of this.syncWaiters.splice(0)) fn();
    const held = this.held ?? [];
    this.held = null;
    for (const { conn, update } of held) {
      try {
        Y.applyUpdate(this.doc, update, conn);
      } catch {
        conn.ws.close(1007, "malformed update");
      }
    }
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin instanceof Conn) {
      this.store.enqueue(update, origin);
    } else if (origin === REMOTE_ORIGIN) {
      // Committed elsewhere already: clients count what an update message carries as stored.
      const message = encodeUpdate(update);
      for (const conn of this.conns) conn.send(message);
      this.deps.onChanged(this);
    }
  }

  private async append(data: Uint8Array, batch: TPendingUpdate<Conn>[]): Promise<number> {
    const first = batch[0]?.origin.userId ?? null;
    const origin = batch.every((u) => u.origin.userId === first) ? first : null;
    return this.deps.append(this.projectId, data, origin);
  }

  private committed(
    batch: TPendingUpdate<Conn>[],
    data: Uint8Array,
    seq: number,
    stateVector: Uint8Array,
  ): void {
    if (this.closed) return;
    this.markSeq(seq);
    const update = encodeUpdate(data);
    const persisted = encodePersisted(stateVector);
    const senders = new Set(batch.map((u) => u.origin));
    const sole = senders.size === 1 ? batch[0]!.origin : null;
    // Every update before any acknowledgement, so that no peer's update waits behind them. An
    // update message is committed by construction, so only the senders need a "persisted"
    // message: one per sender and commit, not one per connection (ARCHITECTURE.md).
    for (const conn of this.conns) if (conn !== sole) conn.send(update);
    for (const conn of senders) if (this.conns.has(conn)) conn.send(persisted);
    this.deps.fanout.publishUpdate(this.projectId, seq, data);
    this.deps.onChanged(this);
  }

  private markSeq(seq: number): void {
    if (seq > this.seq) this.ahead.add(seq);
    this.settle();
  }

  /** Advances over contiguous entries; a remaining gap arms the reload timer. */
  private settle(): void {
    while (this.ahead.delete(this.seq + 1)) this.seq += 1;
    if (this.ahead.size === 0) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
    } else if (!this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        if (this.ahead.size > 0) void this.reload();
      }, GAP_RELOAD_MS);
    }
  }

  /** Fills a gap from Postgres, the source of truth (what arrives new is broadcast). */
  private async reload(): Promise<void> {
    try {
      const state = await loadStoredState(this.deps.db, this.projectId);
      if (!state || this.closed) return;
      applyStoredState(this.doc, state, REMOTE_ORIGIN);
      for (const s of [...this.ahead]) if (s <= state.seq) this.ahead.delete(s);
      this.seq = Math.max(this.seq, state.seq);
      this.settle();
      this.deps.log.info("room reloaded after a sequence gap", {
        room: this.projectId,
        seq: this.seq,
      });
    } catch (error) {
      this.deps.log.warn("reload failed; will retry", {
        room: this.projectId,
        error: String(error),
      });
      if (!this.gapTimer && !this.closed)
        this.gapTimer = setTimeout(() => {
          this.gapTimer = null;
          void this.reload();
        }, GAP_RELOAD_MS * 3);
    }
  }

  private onAwarenessUpdate(change: TAwarenessChange, origin: unknown): void {
    if (origin instanceof Conn) {
      for (const id of [...change.added, ...change.updated]) origin.awarenessIds.add(id);
      for (const id of change.removed) origin.awarenessIds.delete(id);
    }
    this.presence.queue(
      [...change.added, ...change.updated, ...change.removed],
      origin === REMOTE_ORIGIN,
    );
  }
}

interface TAwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
