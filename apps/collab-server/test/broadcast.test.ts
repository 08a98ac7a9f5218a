import { appendUpdate, writeModelChange } from "@layerwise/collab-store";
import { docToModelFlow, setParam } from "@layerwise/model-doc";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  canonical,
  connect,
  makeWorld,
  paramsOf,
  redisUrl,
  startServer,
  storedDoc,
  testDb,
  tokenFor,
  type TRunning,
} from "./harness";

/*
 * The broadcast hook: two instances serve one project through Redis; server-side writers reach
 * open editors; a gap in the log sequence makes an instance reload from Postgres.
 */
let one: TRunning;
let two: TRunning;
let redis: Redis;

beforeAll(async () => {
  [one, two] = await Promise.all([startServer(), startServer()]);
  redis = new Redis(redisUrl());
});
afterAll(async () => {
  redis.disconnect();
  await Promise.all([one.stop(), two.stop()]);
  await testDb().$disconnect();
});

async function clientsOnBoth() {
  const world = await makeWorld();
  const pid = world.project.id;
  const a = connect(one.url, pid, await tokenFor(world.editor, pid, "editor"));
  const b = connect(two.url, pid, await tokenFor(world.owner, pid, "owner"));
  for (const c of [a, b])
    await expect.poll(() => c.doc.getMap("nodes").size, { timeout: 10_000 }).toBeGreaterThan(0);
  return { world, pid, a, b };
}

describe("two instances", () => {
  it("edits and cursors cross between clients on different instances", async () => {
    const { pid, a, b } = await clientsOnBoth();
    try {
      setParam(a.doc, "c1", "out_channels", 20);
      setParam(b.doc, "c1", "kernel_size", 7);
      await expect.poll(() => paramsOf(b.doc, "c1").out_channels, { timeout: 10_000 }).toBe(20);
      await expect.poll(() => paramsOf(a.doc, "c1").kernel_size, { timeout: 10_000 }).toBe(7);
      a.provider.awareness.setLocalState({
        user: { id: "ed", name: "Editor", color: "#1f77b4" },
        cursor: { x: 12.5, y: -3 },
        selection: ["c1"],
      });
      await expect
        .poll(() => b.provider.awareness.getStates().get(a.doc.clientID)?.cursor, {
          timeout: 10_000,
        })
        .toEqual({ x: 12.5, y: -3 });
      // A leaving client's cursor disappears on the other instance too.
      a.provider.disconnect();
      await expect
        .poll(() => b.provider.awareness.getStates().has(a.doc.clientID), { timeout: 10_000 })
        .toBe(false);
      await expect.poll(() => b.isSaved(), { timeout: 10_000 }).toBe(true);
      expect(canonical(docToModelFlow(await storedDoc(pid)))).toBe(
        canonical(docToModelFlow(b.doc)),
      );
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it("a server-side writer's change reaches open editors on every instance at once", async () => {
    const { pid, a, b } = await clientsOnBoth();
    try {
      await writeModelChange(testDb(), redis, pid, "restore", (doc) =>
        setParam(doc, "c1", "out_channels", 64),
      );
      for (const c of [a, b])
        await expect.poll(() => paramsOf(c.doc, "c1").out_channels, { timeout: 10_000 }).toBe(64);
      // Committed before it was sent: both count it as stored.
      for (const c of [a, b]) await expect.poll(() => c.isSaved(), { timeout: 10_000 }).toBe(true);
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it("an instance that sees a gap in the sequence reloads from Postgres", async () => {
    const { pid, a, b } = await clientsOnBoth();
    try {
      // Committed without a publish (a lost Redis message): seq n is never announced…
      const base = new Y.Doc();
      Y.applyUpdate(base, Y.encodeStateAsUpdate(a.doc));
      const sv = Y.encodeStateVector(base);
      setParam(base, "c1", "padding", 3);
      await appendUpdate(testDb(), pid, Y.encodeStateAsUpdate(base, sv), "lost");
      // …then n + 1 arrives from an edit on instance two: instance one sees the gap and reloads.
      setParam(b.doc, "c1", "stride", 2);
      await expect.poll(() => paramsOf(a.doc, "c1").stride, { timeout: 10_000 }).toBe(2);
      await expect.poll(() => paramsOf(a.doc, "c1").padding, { timeout: 10_000 }).toBe(3);
      const room = one.server.rooms.get(pid)!;
      const row = await testDb().project.findUniqueOrThrow({ where: { id: pid } });
      await expect.poll(() => room.logSeq, { timeout: 10_000 }).toBe(row.logSeq);
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});
