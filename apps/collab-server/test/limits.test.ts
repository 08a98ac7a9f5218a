import { setParam } from "@layerwise/model-doc";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import {
  connect,
  makeWorld,
  paramsOf,
  startServer,
  testDb,
  tokenFor,
  upgradeStatus,
  type TRunning,
} from "./harness";

/*
 * The limits hook: hostile clients get a refusal or a close code, the server stays up, and
 * other connections and rooms are unaffected.
 */
let running: TRunning;
let world: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  running = await startServer({ maxMessageBytes: 256 * 1024, awarenessPerSecond: 20 });
  world = await makeWorld();
});
afterAll(async () => {
  await running.stop();
  await testDb().$disconnect();
});

/** A raw socket into the room; resolves once open. */
async function rawSocket(projectId: string): Promise<WebSocket> {
  const token = await tokenFor(world.editor, projectId, "editor");
  const ws = new WebSocket(`${running.url}/${projectId}?token=${token}`);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return ws;
}

const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );

/** A healthy editor elsewhere: still served after each attack. */
async function stillServed(): Promise<void> {
  const other = await makeWorld();
  const c = connect(
    running.url,
    other.project.id,
    await tokenFor(other.editor, other.project.id, "editor"),
  );
  try {
    await expect.poll(() => c.doc.getMap("nodes").size, { timeout: 10_000 }).toBeGreaterThan(0);
    setParam(c.doc, "c1", "out_channels", 7);
    await expect.poll(() => c.isSaved(), { timeout: 10_000 }).toBe(true);
  } finally {
    c.destroy();
  }
}

describe("limits hook", () => {
  it("refuses browsers from origins that are not allowed", async () => {
    const url = `${running.url}/${world.project.id}?token=${await tokenFor(world.editor, world.project.id, "editor")}`;
    expect(await upgradeStatus(url, { origin: "https://evil.example" })).toEqual({
      status: 403,
      body: "origin not allowed",
    });
    expect((await upgradeStatus(url, { origin: "http://localhost:3000" })).status).toBe(101);
  });

  it("rate-limits new connections per IP with 429", async () => {
    const limited = await startServer({ maxConnectionsPerMinute: 3 });
    try {
      const url = `${limited.url}/${world.project.id}?token=${await tokenFor(world.editor, world.project.id, "editor")}`;
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await upgradeStatus(url)).status);
      expect(statuses).toEqual([101, 101, 101, 429, 429]);
    } finally {
      await limited.stop();
    }
  });

  it("closes an oversized message with 1009 and a malformed one with 1007; the room lives on", async () => {
    const watcher = connect(
      running.url,
      world.project.id,
      await tokenFor(world.owner, world.project.id, "owner"),
    );
    try {
      await expect
        .poll(() => watcher.doc.getMap("nodes").size, { timeout: 10_000 })
        .toBeGreaterThan(0);
      const big = await rawSocket(world.project.id);
      const bigClosed = closed(big);
      big.send(new Uint8Array(512 * 1024));
      expect((await bigClosed).code).toBe(1009);
      const bad = await rawSocket(world.project.id);
      const badClosed = closed(bad);
      bad.send(new Uint8Array([0, 2, 200, 200, 200, 200, 200]));
      expect(await badClosed).toEqual({ code: 1007, reason: "malformed message" });
      setParam(watcher.doc, "c1", "padding", 1);
      await expect.poll(() => watcher.isSaved(), { timeout: 10_000 }).toBe(true);
      expect(watcher.closes).toEqual([]);
      await stillServed();
    } finally {
      watcher.destroy();
    }
  });

  it("caps awareness: a flood is dropped, then closed with 1008; others keep their cursors", async () => {
    const watcher = connect(
      running.url,
      world.project.id,
      await tokenFor(world.owner, world.project.id, "owner"),
    );
    try {
      await expect
        .poll(() => watcher.doc.getMap("nodes").size, { timeout: 10_000 })
        .toBeGreaterThan(0);
      const flood = await rawSocket(world.project.id);
      const floodClosed = closed(flood);
      const doc = new Y.Doc();
      const awareness = new awarenessProtocol.Awareness(doc);
      let received = 0;
      watcher.provider.awareness.on("change", () => received++);
      const started = Date.now();
      for (let i = 0; i < 400 && flood.readyState === flood.OPEN; i++) {
        awareness.setLocalState({
          user: { id: "x", name: "Flood", color: "#000000" },
          cursor: { x: i, y: i },
          selection: [],
        });
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint8Array(
          encoder,
          awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
        );
        flood.send(encoding.toUint8Array(encoder));
      }
      expect(await floodClosed).toEqual({ code: 1008, reason: "awareness rate exceeded" });
      // Only the budget got through to the watcher (a burst of 2 × 20, then 20 per second while
      // the flood lasted — longer on a busy machine), not the 400 messages sent.
      const budget = 40 + (20 * (Date.now() - started)) / 1000 + 2;
      expect(received).toBeLessThanOrEqual(budget);
      expect(received).toBeLessThan(200);
      expect(watcher.closes).toEqual([]);
      setParam(watcher.doc, "c1", "stride", 1);
      await expect.poll(() => paramsOf(watcher.doc, "c1").stride, { timeout: 10_000 }).toBe(1);
      await expect.poll(() => watcher.isSaved(), { timeout: 10_000 }).toBe(true);
      awareness.destroy();
    } finally {
      watcher.destroy();
    }
  });
});
