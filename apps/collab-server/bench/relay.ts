import { createServer, type Server } from "node:http";
import * as decoding from "lib0/decoding";
import { WebSocketServer, type WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import {
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  encodeAwarenessPayload,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from "../src/protocol";

/**
 * The baseline of the benchmark: a bare y-websocket relay (one in-memory Y.Doc per room,
 * updates applied and sent on at once) — no authentication, no persistence, no Redis.
 */
export function createBareRelay(): Server {
  const rooms = new Map<
    string,
    { doc: Y.Doc; conns: Set<WebSocket>; awareness: awarenessProtocol.Awareness }
  >();
  const room = (name: string) => {
    let r = rooms.get(name);
    if (!r) {
      const doc = new Y.Doc();
      const awareness = new awarenessProtocol.Awareness(doc);
      awareness.setLocalState(null);
      r = { doc, conns: new Set(), awareness };
      const conns = r.conns;
      doc.on("update", (update: Uint8Array, origin: unknown) => {
        const message = encodeUpdate(update);
        for (const c of conns) if (c !== origin) c.send(message);
      });
      rooms.set(name, r);
    }
    return r;
  };
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer((_req, res) => res.end());
  http.on("upgrade", (req, socket, head) => {
    const name = new URL(req.url ?? "/", "http://relay").pathname.slice(1);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const r = room(name);
      r.conns.add(ws);
      ws.on("close", () => r.conns.delete(ws));
      ws.on("message", (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_SYNC) {
          const step = decoding.readVarUint(decoder);
          const payload = decoding.readVarUint8Array(decoder);
          if (step === 0) ws.send(encodeSyncStep2(r.doc, payload));
          else Y.applyUpdate(r.doc, payload, ws);
        } else if (type === MESSAGE_AWARENESS) {
          const message = encodeAwarenessPayload(decoding.readVarUint8Array(decoder));
          for (const c of r.conns) if (c !== ws) c.send(message);
        }
      });
      ws.send(encodeSyncStep1(r.doc));
    });
  });
  return http;
}
