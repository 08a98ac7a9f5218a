import * as decoding from "lib0/decoding";
import * as awarenessProtocol from "y-protocols/awareness";
import {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  encodeAwareness,
  encodeSyncStep2,
} from "./protocol";
import { carriesNews } from "./presence";
import type { Conn, Room } from "./room";

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * Handles one message of the y-websocket protocol from `conn`. Viewers' sync step 2 and update
 * messages are dropped unread; anything that does not decode closes that connection with 1007,
 * and an awareness flood with 1008 — a hostile client costs itself its connection, nothing more.
 */
export function handleMessage(room: Room, conn: Conn, data: Uint8Array): void {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        handleSync(room, conn, decoder);
        return;
      case MESSAGE_AWARENESS:
        handleAwareness(room, conn, decoder);
        return;
      case MESSAGE_QUERY_AWARENESS:
        conn.send(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]));
        return;
      case MESSAGE_AUTH:
      default:
        // y-websocket clients never send auth; unknown types are ignored like the client does.
        return;
    }
  } catch {
    conn.ws.close(1007, "malformed message");
  }
}

function handleSync(room: Room, conn: Conn, decoder: decoding.Decoder): void {
  const step = decoding.readVarUint(decoder);
  if (step === SYNC_STEP_1) {
    const stateVector = decoding.readVarUint8Array(decoder);
    // Answered from committed state only, followed by what that state is ("persisted").
    room.whenCommitted(() => {
      conn.send(encodeSyncStep2(room.doc, stateVector));
      conn.send(room.persistedMessage());
    });
    return;
  }
  if (step !== SYNC_STEP_2 && step !== SYNC_UPDATE) throw new Error(`unknown sync step ${step}`);
  if (conn.readOnly) return;
  room.applyClientUpdate(conn, decoding.readVarUint8Array(decoder));
}

function handleAwareness(room: Room, conn: Conn, decoder: decoding.Decoder): void {
  const update = decoding.readVarUint8Array(decoder);
  // An echo of states the room has already (every y-websocket client sends them back) costs
  // this scan and nothing else; it neither counts against the cap nor reaches anyone.
  if (!carriesNews(room.awareness, update)) return;
  const verdict = conn.limiter.check();
  if (verdict === "close") {
    conn.ws.close(1008, "awareness rate exceeded");
    return;
  }
  if (verdict === "drop") return;
  awarenessProtocol.applyAwarenessUpdate(room.awareness, update, conn);
}
