import { COLLAB_CLOSE, type TRole } from "@layerwise/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { Awareness } from "y-protocols/awareness";
import { messageYjsSyncStep2, messageYjsUpdate, writeSyncStep1 } from "y-protocols/sync";
import { WebsocketProvider, messageSync } from "y-websocket";
import type * as Y from "yjs";
import {
  CollabTicketError,
  fetchTicket,
  refreshDelayMs,
  type TCollabTicket,
} from "./collab-ticket";
import {
  MESSAGE_PERSISTED,
  PersistedTracker,
  readPersistedMessage,
  type TStateVector,
} from "./persisted-state";
import type { TPeerUser } from "./peers";

/** What the connection indicator shows. */
export type TConnectionStatus = "connecting" | "connected" | "offline" | "refused";

/** Everything the UI reads about the connection; replaced as a whole on each change. */
export interface TConnectionSnapshot {
  status: TConnectionStatus;
  /** The first sync with the server after the latest (re)connect has completed. */
  synced: boolean;
  /** The server has made everything in the local document durable (message 100). */
  saved: boolean;
  /** The role in the latest token (may differ from the page's after a demotion). */
  role: TRole | null;
  user: TPeerUser | null;
  /** Why the connection is refused or offline, in words for the user. */
  message: string | null;
}

/** A local store of the document (y-indexeddb in the browser). */
export interface TLocalPersistence {
  destroy(): unknown;
}

export interface TCollabConnectionOptions {
  projectId: string;
  ydoc: Y.Doc;
  /** State known to be durable already (what the page loaded from the database). */
  baseline?: TStateVector;
  getTicket?: (projectId: string) => Promise<TCollabTicket>;
  /** Keeps the document on this device, so edits made offline survive a reload. */
  openLocal?: (name: string, ydoc: Y.Doc) => TLocalPersistence;
  WebSocketImpl?: typeof WebSocket;
}

const RETRY_MAX_MS = 30_000;
/** After a failed connection attempt, fetch a fresh token at most this often. */
const RENEW_ON_FAILURE_MS = 10_000;
/** Local deletions are confirmed by one sync step 1 per burst. */
const CONFIRM_DELETIONS_MS = 250;
/**
 * y-websocket drops a connection that received nothing for 30 s; a client alone in a room hears
 * nothing (the server does not echo its own awareness). A sync step 1 after this much silence
 * gets an answer, which keeps the connection and checks convergence on the way.
 */
const KEEPALIVE_MS = 10_000;

/**
 * Binds a Y.Doc to the collab server: a y-websocket provider on a token from the web server,
 * refreshed before it expires and after the server refuses it; presence through awareness;
 * durability through the server's "persisted" messages. Framework-free; React reads
 * `getSnapshot` through `subscribe`.
 */
export class CollabConnection {
  readonly awareness: Awareness;
  readonly persisted: PersistedTracker;
  private provider: WebsocketProvider | null = null;
  private local: TLocalPersistence | null = null;
  private ticket: TCollabTicket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  private stopped = false;
  private everConnected = false;
  /** Consecutive refusals without a sync between them: backs off a server that keeps refusing. */
  private refusals = 0;
  private lastRenewal = 0;
  private openedThisAttempt = false;
  private confirmTimer: ReturnType<typeof setTimeout> | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private listeners = new Set<() => void>();
  private snapshot: TConnectionSnapshot = {
    status: "connecting",
    synced: false,
    saved: true,
    role: null,
    user: null,
    message: null,
  };

  constructor(private readonly options: TCollabConnectionOptions) {
    this.awareness = new Awareness(options.ydoc);
    this.persisted = new PersistedTracker(options.ydoc, options.baseline, (origin) =>
      this.isLocalOrigin(origin),
    );
    this.snapshot = { ...this.snapshot, saved: this.persisted.isSaved() };
    this.persisted.subscribe(() => this.update({ saved: this.persisted.isSaved() }));
    // Registered after the tracker's own listener, so it has counted a deletion already.
    options.ydoc.on("update", this.onDocUpdate);
  }

  private onDocUpdate = (): void => {
    if (this.persisted.hasPendingDeletions()) this.confirmDeletionsSoon();
  };

  /** Whether a transaction origin is this user's editing (not the server, not local storage). */
  isLocalOrigin(origin: unknown): boolean {
    return origin !== this.provider && (this.local === null || origin !== this.local);
  }

  /** Whether a transaction carries a colleague's edit (it came from the collab server). */
  isRemoteOrigin(origin: unknown): boolean {
    return this.provider !== null && origin === this.provider;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TConnectionSnapshot => this.snapshot;

  /** Opens local persistence and connects (once a token has been fetched). */
  start(): void {
    const { openLocal, projectId, ydoc } = this.options;
    if (openLocal) this.local = openLocal(`layerwise-project:${projectId}`, ydoc);
    void this.renewTicket();
    this.keepalive = setInterval(() => {
      const p = this.provider;
      if (p?.wsconnected && Date.now() - p.wsLastMessageReceived > KEEPALIVE_MS)
        this.sendSyncStep1();
    }, KEEPALIVE_MS / 2);
  }

  /** Disconnects, tells peers this user left, and stops every timer. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    if (this.keepalive) clearInterval(this.keepalive);
    this.options.ydoc.off("update", this.onDocUpdate);
    this.awareness.setLocalState(null);
    this.provider?.destroy();
    this.provider = null;
    void this.local?.destroy();
    this.awareness.destroy();
    this.persisted.destroy();
    this.listeners.clear();
  }

  private update(patch: Partial<TConnectionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.renewTicket(), ms);
  }

  /** Fetches a token; connects with it, or swaps it in for the next reconnect. */
  private async renewTicket(): Promise<void> {
    if (this.stopped) return;
    this.lastRenewal = Date.now();
    const getTicket = this.options.getTicket ?? ((id: string) => fetchTicket(id));
    let ticket: TCollabTicket;
    try {
      ticket = await getTicket(this.options.projectId);
    } catch (e) {
      if (this.stopped) return;
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof CollabTicketError && e.refused) {
        this.provider?.disconnect();
        return this.update({ status: "refused", message });
      }
      this.retries += 1;
      this.schedule(Math.min(RETRY_MAX_MS, 1000 * 2 ** this.retries));
      if (!this.provider?.wsconnected) this.update({ status: "offline", message });
      return;
    }
    if (this.stopped) return;
    this.retries = 0;
    this.ticket = ticket;
    const user = { id: ticket.claims.sub, name: ticket.claims.name, color: ticket.claims.color };
    // Awareness starts with an empty state `{}`: fill every field the contract requires (peers
    // drop states that do not parse), keeping a cursor or selection set before the token came.
    const previous = this.awareness.getLocalState() ?? {};
    this.awareness.setLocalState({ cursor: null, selection: [], ...previous, user });
    this.update({ role: ticket.claims.role, user });
    if (!this.provider) this.provider = this.createProvider(ticket);
    else {
      this.provider.params = { token: ticket.token };
      if (!this.provider.shouldConnect) this.provider.connect();
    }
    this.schedule(refreshDelayMs(ticket.expiresAtMs, Date.now()));
  }

  private createProvider(ticket: TCollabTicket): WebsocketProvider {
    const provider = new WebsocketProvider(ticket.url, this.options.projectId, this.options.ydoc, {
      params: { token: ticket.token },
      awareness: this.awareness,
      // Tabs of one browser sync through the server like everyone else: roles are enforced
      // there, and a tab of a viewer must not feed another tab.
      disableBc: true,
      ...(this.options.WebSocketImpl ? { WebSocketPolyfill: this.options.WebSocketImpl } : {}),
    });
    const syncHandler = provider.messageHandlers[messageSync]!;
    provider.messageHandlers[messageSync] = (encoder, decoder, p, emitSynced, type) => {
      const step = decoding.peekVarUint(decoder);
      const apply = () => syncHandler(encoder, decoder, p, emitSynced, type);
      if (step === messageYjsUpdate) this.persisted.receiveBroadcast(apply);
      else apply();
      if (step === messageYjsSyncStep2) this.persisted.receivedSyncStep2();
    };
    provider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => {
      this.persisted.acknowledge(readPersistedMessage(decoder));
    };
    provider.on("status", ({ status }) => this.onStatus(status));
    provider.on("sync", (synced) => {
      if (synced) this.refusals = 0;
      this.update({ synced });
    });
    provider.on("connection-close", () => {
      this.persisted.connectionLost();
      // Refusals before the upgrade (expired token, lost membership) look like any failed
      // connection to a browser: a fresh token tells them apart and fixes the first.
      const failed = !this.openedThisAttempt;
      this.openedThisAttempt = false;
      const expiring = !!this.ticket && this.ticket.expiresAtMs - Date.now() < 30_000;
      if (expiring || (failed && Date.now() - this.lastRenewal > RENEW_ON_FAILURE_MS))
        this.schedule(0);
    });
    provider.on("closed", ({ code, reason }) => this.onClosed(code, reason));
    return provider;
  }

  private onStatus(status: "connected" | "disconnected" | "connecting"): void {
    if (status === "connected") {
      this.everConnected = true;
      this.openedThisAttempt = true;
      // y-websocket sends its sync step 1 right after this event.
      this.persisted.sentSyncStep1();
      this.announceAgain();
      this.update({ status: "connected", message: null });
    } else {
      if (status === "disconnected") this.forgetPeersClocks();
      if (this.snapshot.status === "refused") return;
      this.update({
        status: this.everConnected || status === "disconnected" ? "offline" : "connecting",
        synced: false,
      });
    }
  }

  /**
   * y-websocket removed the other clients' states on disconnect, which bumps their clocks here;
   * the server will send their states again with the clocks it has, and y-protocols would ignore
   * them as stale until each peer's second renewal. Forgetting the clocks lets them in at once.
   */
  private forgetPeersClocks(): void {
    const self = this.awareness.clientID;
    for (const id of [...this.awareness.meta.keys()])
      if (id !== self && !this.awareness.getStates().has(id)) this.awareness.meta.delete(id);
  }

  /**
   * Re-publishes this user's awareness with a clock the room has not seen. When the previous
   * connection closed, the server removed this client's state for everyone by bumping its clock
   * once; a state sent with the old clock, or the old clock + 1, would be ignored until the next
   * renewal (up to 30 s without a cursor or an avatar).
   */
  private announceAgain(): void {
    const state = this.awareness.getLocalState();
    if (!state) return;
    this.awareness.setLocalState({ ...state });
    this.awareness.setLocalState({ ...state });
  }

  /** Asks the server for its state after local deletions: its answer confirms they are stored. */
  private confirmDeletionsSoon(): void {
    if (this.confirmTimer) return;
    this.confirmTimer = setTimeout(() => {
      this.confirmTimer = null;
      this.sendSyncStep1();
    }, CONFIRM_DELETIONS_MS);
  }

  /** Sends a sync step 1 on the open socket, noted so that its answer can be matched. */
  private sendSyncStep1(): void {
    const ws = this.provider?.ws;
    if (!this.provider?.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    writeSyncStep1(encoder, this.options.ydoc);
    ws.send(encoding.toUint8Array(encoder));
    this.persisted.sentSyncStep1();
  }

  /** The server closed for good (4400–4499): a fresh token decides whether to come back. */
  private onClosed(code: number, reason: string): void {
    if (code === COLLAB_CLOSE.unauthorized || code === COLLAB_CLOSE.forbidden) {
      // Expired token, or a changed membership: the token route knows the current role.
      this.update({ status: "offline", message: reason || null });
      this.schedule(this.refusals === 0 ? 0 : Math.min(RETRY_MAX_MS, 500 * 2 ** this.refusals));
      this.refusals += 1;
      return;
    }
    this.update({
      status: "refused",
      message:
        code === COLLAB_CLOSE.notFound
          ? `The collab server has no such project${reason ? ` (${reason})` : ""}.`
          : reason || `The collab server closed the connection (${code}).`,
    });
  }
}
