import * as decoding from "lib0/decoding";
import * as awarenessProtocol from "y-protocols/awareness";
import { encodeAwarenessPayload } from "./protocol";

/**
 * A room sends awareness at most this often (ms): changes that arrive in between go out together
 * in one message. 50 cursors at 10 Hz are 500 changes a second; relayed one by one that is 24,500
 * messages a second for the room's clients to decode (and as many for the server to frame), batched
 * it is one message per window per client. A lone change after a quiet window goes out at once.
 */
export const AWARENESS_WINDOW_MS = 20;

/** What a room's presence relay sends to. */
export interface TPresenceSinks {
  /** Every connection of the room (a client's own state included: y-protocols ignores it). */
  toClients(message: Uint8Array): void;
  /** The other instances (only changes that did not come from them). */
  toPeers(update: Uint8Array): void;
}

/**
 * The broadcast hook for awareness: collects which clients' states changed and sends their
 * current states (or removals) once per window, encoded once for everyone.
 */
export class PresenceRelay {
  private readonly forClients = new Set<number>();
  private readonly forPeers = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  private lastFlush = -Infinity;
  private stopped = false;

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly sinks: TPresenceSinks,
    private readonly windowMs = AWARENESS_WINDOW_MS,
  ) {}

  /** Queues changed client ids; `fromPeer` when they came from another instance. */
  queue(clientIds: readonly number[], fromPeer: boolean): void {
    if (this.stopped || clientIds.length === 0) return;
    for (const id of clientIds) {
      this.forClients.add(id);
      if (!fromPeer) this.forPeers.add(id);
    }
    if (this.timer) return;
    const wait = this.lastFlush + this.windowMs - performance.now();
    // setImmediate: messages already read from the sockets in this turn join the batch.
    this.timer = wait > 0 ? setTimeout(this.flush, wait) : setImmediate(this.flush);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer as ReturnType<typeof setTimeout>);
      clearImmediate(this.timer as ReturnType<typeof setImmediate>);
    }
    this.timer = null;
  }

  private readonly flush = (): void => {
    this.timer = null;
    this.lastFlush = performance.now();
    const clients = this.take(this.forClients);
    const peers = this.take(this.forPeers);
    if (clients.length > 0)
      this.sinks.toClients(
        encodeAwarenessPayload(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)),
      );
    if (peers.length > 0)
      this.sinks.toPeers(awarenessProtocol.encodeAwarenessUpdate(this.awareness, peers));
  };

  /** Empties `set`; keeps ids the awareness knows (a clock is needed to encode a state). */
  private take(set: Set<number>): number[] {
    const ids = [...set].filter((id) => this.awareness.meta.has(id));
    set.clear();
    return ids;
  }
}

const NULL_STATE = [110, 117, 108, 108]; // "null"

/**
 * Whether an awareness update from a client would change anything here, by the rule of
 * y-protocols' applyAwarenessUpdate (a newer clock, or a removal at the same clock), read
 * without parsing a state. y-websocket clients send every awareness change they receive back
 * to the server (its provider re-broadcasts all awareness updates, whatever their origin): those
 * echoes change nothing and are skipped before the rate cap, which is for a client's own
 * states. Throws on malformed bytes.
 */
export function carriesNews(awareness: awarenessProtocol.Awareness, update: Uint8Array): boolean {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  let news = false;
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarUint8Array(decoder);
    const current = awareness.meta.get(clientId)?.clock ?? 0;
    if (clock > current) news = true;
    else if (clock === current && isNull(state) && awareness.states.has(clientId)) news = true;
  }
  return news;
}

function isNull(state: Uint8Array): boolean {
  return state.length === 4 && NULL_STATE.every((b, i) => state[i] === b);
}
