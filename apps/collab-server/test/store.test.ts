import { connect as connectEdge, docToModelFlow, moveNodes, setParam } from "@layerwise/model-doc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  canonical,
  connect,
  makeWorld,
  paramsOf,
  startServer,
  storedDoc,
  testDb,
  tokenFor,
  type TClient,
  type TRunning,
} from "./harness";

/*
 * The store hook: an update is committed to Postgres before anyone hears of it (other clients,
 * late joiners, the sender's "persisted" acknowledgement), and concurrent edits converge.
 */
let running: TRunning;

beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running.stop();
  await testDb().$disconnect();
});

async function pair() {
  const world = await makeWorld();
  const pid = world.project.id;
  const a = connect(running.url, pid, await tokenFor(world.editor, pid, "editor"));
  const b = connect(running.url, pid, await tokenFor(world.owner, pid, "owner"));
  for (const c of [a, b]) await synced(c);
  return { world, pid, a, b };
}

async function synced(c: TClient): Promise<void> {
  await expect.poll(() => c.doc.getMap("nodes").size, { timeout: 10_000 }).toBeGreaterThan(0);
}

const json = (doc: Y.Doc) => canonical(docToModelFlow(doc));

/**
 * Holds the project row's lock in a transaction of its own, so every append waits, until
 * `release` is called.
 */
async function holdProjectLock(projectId: string): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const done = testDb().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR UPDATE`;
      locked();
      await released;
    },
    { timeout: 20_000 },
  );
  await isLocked;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

describe("write-ahead store", () => {
  it("broadcasts, acknowledges and serves late joiners only what Postgres has committed", async () => {
    const { world, pid, a, b } = await pair();
    let late: TClient | null = null;
    const lock = await holdProjectLock(pid);
    try {
      setParam(a.doc, "c1", "out_channels", 16);
      late = connect(running.url, pid, await tokenFor(world.viewer, pid, "viewer"));
      // The server holds A's edit uncommitted and the late joiner's sync request waiting…
      const room = running.server.rooms.get(pid)!;
      await expect
        .poll(() => !room.store.isIdle && room.isHoldingForSync && room.conns.size === 3, {
          timeout: 10_000,
        })
        .toBe(true);
      // …and while the commit cannot happen nothing reaches B or the late joiner, no ack.
      expect(paramsOf(b.doc, "c1").out_channels).toBe(6);
      expect(late.doc.getMap("nodes").size).toBe(0);
      expect(a.isSaved()).toBe(false);
    } finally {
      await lock.release();
    }
    try {
      await expect.poll(() => paramsOf(b.doc, "c1").out_channels, { timeout: 10_000 }).toBe(16);
      await expect.poll(() => paramsOf(late!.doc, "c1").out_channels, { timeout: 10_000 }).toBe(16);
      await expect.poll(() => a.isSaved(), { timeout: 10_000 }).toBe(true);
      expect(paramsOf(await storedDoc(pid), "c1").out_channels).toBe(16);
    } finally {
      for (const c of [a, b, late]) c?.destroy();
    }
  });

  it("acknowledges only the sender; the others count what the broadcast carries as stored", async () => {
    const { pid, a, b } = await pair();
    try {
      await expect.poll(() => a.isSaved() && b.isSaved(), { timeout: 10_000 }).toBe(true);
      const before = { a: a.acks(), b: b.acks() };
      setParam(a.doc, "c1", "out_channels", 20);
      await expect.poll(() => paramsOf(b.doc, "c1").out_channels, { timeout: 10_000 }).toBe(20);
      await expect.poll(() => a.acks(), { timeout: 10_000 }).toBe(before.a + 1);
      expect(a.isSaved()).toBe(true);
      // B holds A's edit, saved without a message of its own: one message per commit, not per peer.
      expect(b.isSaved()).toBe(true);
      expect(b.acks()).toBe(before.b);
      expect(paramsOf(await storedDoc(pid), "c1").out_channels).toBe(20);
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it("two clients converge after concurrent edits of one node's params, of edges and of positions", async () => {
    const { pid, a, b } = await pair();
    try {
      // Same instant on both sides: same param, different params, edges, positions.
      setParam(a.doc, "c1", "out_channels", 8);
      setParam(b.doc, "c1", "out_channels", 12);
      setParam(a.doc, "c1", "padding", 2);
      setParam(b.doc, "c1", "stride", 1);
      connectEdge(a.doc, { source: "input", target: "relu1" });
      connectEdge(b.doc, { source: "c1", target: "s2" });
      b.doc.getMap<Y.Map<unknown>>("edges").delete([...b.doc.getMap("edges").keys()][0]!);
      moveNodes(a.doc, new Map([["c1", { x: 10, y: 20 }]]));
      moveNodes(
        b.doc,
        new Map([
          ["c1", { x: 300, y: 400 }],
          ["s2", { x: 5, y: 5 }],
        ]),
      );
      await expect.poll(() => json(a.doc) === json(b.doc), { timeout: 10_000 }).toBe(true);
      const params = paramsOf(a.doc, "c1");
      expect([8, 12]).toContain(params.out_channels);
      expect(params).toMatchObject({ padding: 2, stride: 1 });
      await expect.poll(() => a.isSaved() && b.isSaved(), { timeout: 10_000 }).toBe(true);
      expect(json(await storedDoc(pid))).toBe(json(a.doc));
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it("compacts the log into the snapshot in the background", async () => {
    const { pid, a, b } = await pair();
    try {
      for (let i = 1; i <= 5; i++) setParam(a.doc, "c1", "out_channels", i);
      await expect.poll(() => a.isSaved(), { timeout: 10_000 }).toBe(true);
      await expect
        .poll(() => testDb().projectUpdate.count({ where: { projectId: pid } }), {
          timeout: 10_000,
        })
        .toBe(0);
      const row = await testDb().project.findUniqueOrThrow({ where: { id: pid } });
      expect(row.snapshotSeq).toBe(row.logSeq);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, row.ydocState!);
      expect(paramsOf(doc, "c1").out_channels).toBe(5);
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
