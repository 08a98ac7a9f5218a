import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { connect, makeWorld, startServer, testDb, tokenFor, type TRunning } from "./harness";

/*
 * The awareness relay: batched per room, one encoding for every client (a client's own state
 * included), and the echoes every y-websocket client sends back are neither relayed nor counted
 * against the rate cap.
 */
let running: TRunning;
let world: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  running = await startServer({ awarenessPerSecond: 5 });
  world = await makeWorld();
});
afterAll(async () => {
  await running.stop();
  await testDb().$disconnect();
});

/** A raw client: its own Awareness, and every awareness message it receives applied to a view. */
interface TRawPeer {
  ws: WebSocket;
  awareness: awarenessProtocol.Awareness;
  /** What this peer has heard, as y-protocols applies it. */
  heard: awarenessProtocol.Awareness;
  messages: number;
  closes: number[];
  /** Sends this peer's current state; `copies` times the same bytes. */
  announce(copies?: number): void;
  close(): void;
}

async function rawPeer(): Promise<TRawPeer> {
  const token = await tokenFor(world.editor, world.project.id, "editor");
  const ws = new WebSocket(`${running.url}/${world.project.id}?token=${token}`);
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  const heard = new awarenessProtocol.Awareness(new Y.Doc());
  heard.setLocalState(null);
  const peer: TRawPeer = {
    ws,
    awareness,
    heard,
    messages: 0,
    closes: [],
    announce(copies = 1) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]),
      );
      const message = encoding.toUint8Array(encoder);
      for (let i = 0; i < copies; i++) ws.send(message);
    },
    close() {
      ws.close();
      awareness.destroy();
      heard.destroy();
    },
  };
  ws.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 1) return;
    peer.messages += 1;
    awarenessProtocol.applyAwarenessUpdate(heard, decoding.readVarUint8Array(decoder), "server");
  });
  ws.on("close", (code) => peer.closes.push(code));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return peer;
}

const cursorOf = (a: awarenessProtocol.Awareness, id: number) =>
  (a.getStates().get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x;

function move(peer: TRawPeer, x: number): void {
  peer.awareness.setLocalState({
    user: { id: "u", name: "User", color: "#1f77b4" },
    cursor: { x, y: 0 },
    selection: [],
  });
}

describe("awareness relay", () => {
  it("sends a burst of cursor moves in few messages, each client's newest state, its own too", async () => {
    const watcher = await rawPeer();
    const movers = await Promise.all(Array.from({ length: 8 }, () => rawPeer()));
    try {
      // 8 clients × 5 moves: within the cap's burst (2 × 5 per client), 40 changes in all.
      for (let step = 1; step <= 5; step++)
        for (const m of movers) {
          move(m, step);
          m.announce();
        }
      for (const m of movers)
        await expect
          .poll(() => cursorOf(watcher.heard, m.awareness.clientID), { timeout: 10_000 })
          .toBe(5);
      // Relayed one by one, the watcher would have decoded 40 messages.
      expect(watcher.messages).toBeLessThan(40);
      // Each client hears its own state back, as y-websocket's reference server does.
      for (const m of movers)
        await expect
          .poll(() => cursorOf(m.heard, m.awareness.clientID), { timeout: 10_000 })
          .toBe(5);
    } finally {
      for (const p of [watcher, ...movers]) p.close();
    }
  });

  it("drops echoes of states the room has without counting them against the cap", async () => {
    const watcher = await rawPeer();
    const echoing = await rawPeer();
    try {
      move(echoing, 1);
      echoing.announce();
      await expect
        .poll(() => cursorOf(watcher.heard, echoing.awareness.clientID), { timeout: 10_000 })
        .toBe(1);
      const heardBefore = watcher.messages;
      // 300 copies of a state the server has: a y-websocket client sends such echoes for every
      // awareness message it receives. Counted, they would close it (1008) within the cap of 5/s.
      echoing.announce(300);
      move(echoing, 2);
      echoing.announce();
      await expect
        .poll(() => cursorOf(watcher.heard, echoing.awareness.clientID), { timeout: 10_000 })
        .toBe(2);
      expect(echoing.closes).toEqual([]);
      // Only the new state went out; the copies reached no one.
      expect(watcher.messages - heardBefore).toBeLessThanOrEqual(2);
    } finally {
      watcher.close();
      echoing.close();
    }
  });

  it("a client that reconnects is seen again once it announces with its next clock", async () => {
    const pid = world.project.id;
    const a = connect(running.url, pid, await tokenFor(world.editor, pid, "editor"));
    const b = connect(running.url, pid, await tokenFor(world.owner, pid, "owner"));
    const state = { user: { id: "a", name: "A", color: "#1f77b4" }, cursor: null, selection: [] };
    try {
      await expect.poll(() => a.provider.synced && b.provider.synced).toBe(true);
      a.provider.awareness.setLocalState(state);
      await expect
        .poll(() => b.provider.awareness.getStates().has(a.doc.clientID), { timeout: 10_000 })
        .toBe(true);
      a.provider.disconnect();
      await expect
        .poll(() => b.provider.awareness.getStates().has(a.doc.clientID), { timeout: 10_000 })
        .toBe(false);
      a.provider.connect();
      await expect.poll(() => a.provider.synced, { timeout: 10_000 }).toBe(true);
      // The server removed the state at the clock it had (it does not bump it), so one step up
      // from the client's clock is new for the server and for every peer.
      a.provider.awareness.setLocalState({ ...state });
      await expect
        .poll(() => b.provider.awareness.getStates().has(a.doc.clientID), { timeout: 10_000 })
        .toBe(true);
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
