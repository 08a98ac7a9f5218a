import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { extendDurable, isCoveredBy, type TStateVector } from "@layerwise/model-doc";
import * as Y from "yjs";

/**
 * Message type 100, "persisted" (ARCHITECTURE.md, "Collaboration"): the collab server's state
 * vector after a commit to Postgres. Whatever that vector covers is durable.
 */
export const MESSAGE_PERSISTED = 100;

export { isCoveredBy, type TStateVector };

/** Reads the body of a "persisted" message (after its type): the encoded state vector. */
export function readPersistedMessage(decoder: decoding.Decoder): TStateVector {
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
}

/** Encodes a "persisted" message as the collab server sends it (tests and tools). */
export function encodePersistedMessage(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_PERSISTED);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/**
 * The larger of two state vectors, client by client. State vectors only grow, so the latest
 * durable point is the maximum of every acknowledgement received, whatever their order.
 */
export function mergeStateVectors(a: TStateVector, b: TStateVector): TStateVector {
  const out = new Map(a);
  for (const [client, clock] of b) out.set(client, Math.max(out.get(client) ?? 0, clock));
  return out;
}

/** True when an update deletes something (deletions do not move the state vector). */
export function hasDeletions(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).ds.clients.size > 0;
}

/**
 * Tracks what of a Y.Doc the server has made durable. `saved` is true when the doc holds
 * nothing beyond what the server has stored, and no local deletion is waiting. Stored is the
 * largest persisted state vector received, extended by every update message the server
 * broadcast (those are committed before they are sent; the server acknowledges only senders).
 *
 * Deletions do not move a state vector, so they are tracked by order instead (the server's
 * README): a sync step 1 sent after a deletion is answered only after the deletion is committed,
 * so the first "persisted" message after that answer covers it.
 */
export class PersistedTracker {
  private persisted: TStateVector;
  private listeners = new Set<() => void>();
  private saved: boolean;
  /** Local deletions so far / the latest one a sync step 2 answer has covered. */
  private deletions = 0;
  private answeredDeletions = 0;
  private ackedDeletions = 0;
  /** For each sync step 1 in flight: how many local deletions had been sent before it. */
  private step1InFlight: number[] = [];
  /** True while the provider applies an update message from the server. */
  private applyingBroadcast = false;

  /**
   * `baseline`: state known to be stored already (what the page loaded from the database).
   * `isLocal`: whether an update's origin is this client (not the server or local storage).
   */
  constructor(
    private readonly ydoc: Y.Doc,
    baseline: TStateVector = new Map(),
    private readonly isLocal: (origin: unknown) => boolean = () => true,
  ) {
    this.persisted = new Map(baseline);
    this.saved = this.compute();
    ydoc.on("update", this.onUpdate);
  }

  isSaved = (): boolean => this.saved;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Records one "persisted" acknowledgement. */
  acknowledge(stateVector: TStateVector): void {
    this.persisted = mergeStateVectors(this.persisted, stateVector);
    this.ackedDeletions = Math.max(this.ackedDeletions, this.answeredDeletions);
    this.refresh();
  }

  /** Runs `apply`, which applies an update message the server broadcast: it is stored. */
  receiveBroadcast(apply: () => void): void {
    this.applyingBroadcast = true;
    try {
      apply();
    } finally {
      this.applyingBroadcast = false;
    }
  }

  /** A sync step 1 went to the server (on connect, or to confirm deletions). */
  sentSyncStep1(): void {
    this.step1InFlight.push(this.deletions);
  }

  /** The server answered the oldest sync step 1 in flight. */
  receivedSyncStep2(): void {
    const covered = this.step1InFlight.shift();
    if (covered !== undefined) this.answeredDeletions = Math.max(this.answeredDeletions, covered);
  }

  /** The socket closed: answers to what was in flight will never come. */
  connectionLost(): void {
    this.step1InFlight = [];
  }

  /** Local deletions not yet confirmed: the connection should send a sync step 1. */
  hasPendingDeletions(): boolean {
    return this.ackedDeletions < this.deletions;
  }

  destroy(): void {
    this.ydoc.off("update", this.onUpdate);
    this.listeners.clear();
  }

  private onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.isLocal(origin)) {
      if (hasDeletions(update)) this.deletions += 1;
    } else if (this.applyingBroadcast) extendDurable(this.persisted, update);
    this.refresh();
  };

  private compute(): boolean {
    return (
      !this.hasPendingDeletions() &&
      isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(this.ydoc)), this.persisted)
    );
  }

  private refresh(): void {
    const next = this.compute();
    if (next === this.saved) return;
    this.saved = next;
    for (const l of this.listeners) l();
  }
}
