import * as Y from "yjs";

/** Stands in for the collab provider as the origin of updates that came from a peer. */
export const REMOTE = { remote: true };

/**
 * Two (or more) Y.Docs wired to each other in memory the way the collab server relays them: every
 * update of one is applied to the others with origin `REMOTE`. `offline(doc)` stops a doc's
 * traffic; `online(doc)` brings it back and exchanges what each side missed (sync step 1/2).
 */
export function syncedDocs(count: number): {
  docs: Y.Doc[];
  offline: (doc: Y.Doc) => void;
  online: (doc: Y.Doc) => void;
} {
  const docs = Array.from({ length: count }, () => new Y.Doc());
  const away = new Set<Y.Doc>();
  for (const from of docs)
    // Relayed updates are forwarded too (a doc may have been the only one online); an update a doc
    // already has changes nothing and emits nothing, so this never loops.
    from.on("update", (update: Uint8Array) => {
      if (away.has(from)) return;
      for (const to of docs) if (to !== from && !away.has(to)) Y.applyUpdate(to, update, REMOTE);
    });
  const online = (doc: Y.Doc) => {
    away.delete(doc);
    for (const other of docs) {
      if (other === doc || away.has(other)) continue;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), REMOTE);
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), REMOTE);
    }
  };
  return { docs, offline: (doc) => away.add(doc), online };
}
