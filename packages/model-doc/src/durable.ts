import * as Y from "yjs";

/** A Yjs state vector: client id → number of that client's structs. */
export type TStateVector = Map<number, number>;

/** True when everything in `local` is covered by `persisted`: nothing here is unsaved. */
export function isCoveredBy(local: TStateVector, persisted: TStateVector): boolean {
  for (const [client, clock] of local) if ((persisted.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * Extends `durable` (what a client knows the collab server has stored, per Yjs client) by one
 * update message the server broadcast. The server broadcasts an update only after its commit to
 * Postgres (ARCHITECTURE.md, "Collaboration"), and one client's structs reach every peer in
 * order, so a range that starts within the durable prefix extends it to the range's end. A range
 * that starts beyond it (a broadcast received before the answer to this client's sync step 1)
 * is left for the "persisted" message that follows that answer. Mutates `durable`; returns
 * whether anything moved.
 *
 * Only for update messages: a sync step 2 answer may carry structs the server holds pending
 * (waiting for a missing dependency), which are not committed.
 */
export function extendDurable(durable: TStateVector, update: Uint8Array): boolean {
  const { from, to } = Y.parseUpdateMeta(update);
  let moved = false;
  for (const [client, end] of to) {
    const known = durable.get(client) ?? 0;
    if ((from.get(client) ?? 0) <= known && end > known) {
      durable.set(client, end);
      moved = true;
    }
  }
  return moved;
}
