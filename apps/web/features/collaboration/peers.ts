import { ZAwarenessState } from "@layerwise/protocol";

/** Who a collaborator is (the awareness `user` field, from their collab token). */
export interface TPeerUser {
  id: string;
  name: string;
  color: string;
}

/** Another client in the room, as its awareness state says. */
export interface TPeer {
  clientId: number;
  user: TPeerUser;
  /** Pointer in flow coordinates; null while it is off the canvas. */
  cursor: { x: number; y: number } | null;
  selection: readonly string[];
}

/**
 * The other clients of a room from awareness states: malformed states (an old or hostile
 * client) are skipped rather than trusted, and this client is left out. Sorted by name, then
 * client id, so avatars keep their places.
 */
export function readPeers(states: ReadonlyMap<number, unknown>, selfClientId: number): TPeer[] {
  const peers: TPeer[] = [];
  for (const [clientId, raw] of states) {
    if (clientId === selfClientId) continue;
    const parsed = ZAwarenessState.safeParse(raw);
    if (!parsed.success) continue;
    const { user, cursor, selection } = parsed.data;
    if (cursor && !(Number.isFinite(cursor.x) && Number.isFinite(cursor.y))) continue;
    peers.push({ clientId, user, cursor, selection });
  }
  return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

/** One entry per person (a user with two tabs is one avatar), without `selfUserId`. */
export function peopleHere(peers: readonly TPeer[], selfUserId: string | null): TPeer[] {
  const seen = new Set<string>();
  const out: TPeer[] = [];
  for (const p of peers) {
    if (p.user.id === selfUserId || seen.has(p.user.id)) continue;
    seen.add(p.user.id);
    out.push(p);
  }
  return out;
}

/** Initials for an avatar: "Demo User" → "DU", "ada" → "A". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts.slice(0, 1);
  return letters.map((p) => p[0]!.toUpperCase()).join("") || "?";
}
