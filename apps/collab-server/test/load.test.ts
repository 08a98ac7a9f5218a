import { appendUpdate } from "@layerwise/collab-store";
import { setParam } from "@layerwise/model-doc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  connect,
  makeWorld,
  paramsOf,
  startServer,
  testDb,
  tokenFor,
  type TRunning,
} from "./harness";

/*
 * The load hook: a room is the snapshot plus the log tail; a document that does not load is never
 * replaced by an empty one — its room refuses with the reason until it loads.
 */
let running: TRunning;

beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running.stop();
  await testDb().$disconnect();
});

describe("load hook", () => {
  it("loads the snapshot and every log row after it", async () => {
    const { editor, project } = await makeWorld();
    const base = new Y.Doc();
    Y.applyUpdate(base, project.ydocState!);
    const before = Y.encodeStateVector(base);
    setParam(base, "c1", "out_channels", 32);
    await appendUpdate(testDb(), project.id, Y.encodeStateAsUpdate(base, before));
    const c = connect(running.url, project.id, await tokenFor(editor, project.id, "editor"));
    try {
      await expect.poll(() => paramsOf(c.doc, "c1").out_channels, { timeout: 10_000 }).toBe(32);
      expect(paramsOf(c.doc, "c1").kernel_size).toBe(5);
    } finally {
      c.destroy();
    }
  });

  it("a document that does not decode refuses connections with its reason and is never overwritten", async () => {
    const { editor, project } = await makeWorld();
    const garbage = new Uint8Array([255, 255, 255, 255, 1, 2, 3]);
    await testDb().project.update({ where: { id: project.id }, data: { ydocState: garbage } });
    const token = await tokenFor(editor, project.id, "editor");
    const c = connect(running.url, project.id, token);
    try {
      await expect.poll(() => c.closes.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      for (const close of c.closes) {
        expect(close.code).toBe(4503);
        expect(close.reason).toMatch(/document failed to load: stored state does not decode/);
      }
      // The client kept its own (empty) document and wrote nothing; the bytes are untouched.
      const row = await testDb().project.findUniqueOrThrow({ where: { id: project.id } });
      expect(Buffer.from(row.ydocState!).equals(Buffer.from(garbage))).toBe(true);
      expect(row.logSeq).toBe(0);
      // Repaired in Postgres: the same client gets in by itself (4503 is "try again").
      await testDb().project.update({
        where: { id: project.id },
        data: { ydocState: project.ydocState },
      });
      await expect.poll(() => c.doc.getMap("nodes").size, { timeout: 15_000 }).toBeGreaterThan(0);
    } finally {
      c.destroy();
    }
  });
});
