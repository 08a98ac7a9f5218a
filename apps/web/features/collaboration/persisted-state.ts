import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

/**
 * Message type 100, "persisted" (ARCHITECTURE.md, "Collaboration"): the collab server's state
 * vector after a commit to Postgres. Whatever that vector covers is durable.
 */
export const MESSAGE_PERSISTED = 100;

/** A Yjs state vector: client id → number of structs of that client. */
export type TStateVector = Map<number, number>;

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

/** True when everything in `local` is covered by `persisted`: nothing here is unsaved. */
export function isCoveredBy(local: TStateVector, persisted: TStateVector): boolean {
  for (const [client, clock] of local) if ((persisted.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * Tracks what of a Y.Doc the server has made durable. `saved` is true when the doc holds
 * nothing beyond the largest persisted state vector received.
 */
export class PersistedTracker {
  private persisted: TStateVector;
  private listeners = new Set<() => void>();
  private saved: boolean;

  /** `baseline`: state known to be stored already (what the page loaded from the database). */
  constructor(
    private readonly ydoc: Y.Doc,
    baseline: TStateVector = new Map(),
  ) {
    this.persisted = baseline;
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
    this.refresh();
  }

  destroy(): void {
    this.ydoc.off("update", this.onUpdate);
    this.listeners.clear();
  }

  private onUpdate = (): void => this.refresh();

  private compute(): boolean {
    return isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(this.ydoc)), this.persisted);
  }

  private refresh(): void {
    const next = this.compute();
    if (next === this.saved) return;
    this.saved = next;
    for (const l of this.listeners) l();
  }
}
