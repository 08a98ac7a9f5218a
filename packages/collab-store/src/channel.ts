import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/**
 * Redis pub/sub between the writers of live models and the collab instances
 * (ARCHITECTURE.md, "Collaboration", Scale-out). `collab:<projectId>` carries binary messages:
 * committed updates with their log sequence number, and awareness updates.
 */
export function projectChannel(projectId: string): string {
  return `collab:${projectId}`;
}

/**
 * `collab:members` carries membership changes as JSON ({@link TMemberChange}); every collab
 * instance closes or downgrades the live connections of that user in that team's projects.
 */
export const MEMBERS_CHANNEL = "collab:members";

/** A membership change: `role` null when the user left or was removed. */
export interface TMemberChange {
  teamId: string;
  userId: string;
  role: "owner" | "editor" | "viewer" | null;
}

/** A message on a project channel. `from` names the sending instance (its own are skipped). */
export type TChannelMessage =
  | { kind: "update"; from: string; seq: number; data: Uint8Array }
  | { kind: "awareness"; from: string; data: Uint8Array };

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;

/** Encodes a project-channel message (lib0 encoding: kind, sender, [seq], payload). */
export function encodeChannelMessage(message: TChannelMessage): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, message.kind === "update" ? KIND_UPDATE : KIND_AWARENESS);
  encoding.writeVarString(encoder, message.from);
  if (message.kind === "update") encoding.writeVarUint(encoder, message.seq);
  encoding.writeVarUint8Array(encoder, message.data);
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** Decodes a project-channel message; null for anything malformed. */
export function decodeChannelMessage(buf: Uint8Array): TChannelMessage | null {
  try {
    const decoder = decoding.createDecoder(buf);
    const kind = decoding.readVarUint(decoder);
    const from = decoding.readVarString(decoder);
    if (kind === KIND_UPDATE) {
      const seq = decoding.readVarUint(decoder);
      return { kind: "update", from, seq, data: decoding.readVarUint8Array(decoder) };
    }
    if (kind === KIND_AWARENESS)
      return { kind: "awareness", from, data: decoding.readVarUint8Array(decoder) };
    return null;
  } catch {
    return null;
  }
}

/** Parses a `collab:members` message; null for anything malformed. */
export function parseMemberChange(text: string): TMemberChange | null {
  try {
    const v = JSON.parse(text) as Partial<TMemberChange>;
    const roleOk =
      v.role === null || v.role === "owner" || v.role === "editor" || v.role === "viewer";
    if (typeof v.teamId !== "string" || typeof v.userId !== "string" || !roleOk) return null;
    return { teamId: v.teamId, userId: v.userId, role: v.role ?? null };
  } catch {
    return null;
  }
}

/** What publishing needs from a Redis client (ioredis' `publish`). */
export interface TPublisher {
  publish(channel: string, message: Buffer | string): Promise<unknown>;
}

/**
 * Tells every collab instance that a member's role changed or that they left (`role` null), so
 * their live connections are downgraded or closed at once. Best effort: the caller's change is
 * committed, and connections are re-checked against Postgres on every reconnect anyway.
 */
export async function publishMemberChange(
  publisher: TPublisher,
  change: TMemberChange,
): Promise<void> {
  await publisher.publish(MEMBERS_CHANNEL, JSON.stringify(change));
}
