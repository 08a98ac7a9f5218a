import { createPrismaClient, type PrismaClient } from "@layerwise/db";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  appendUpdate,
  applyStoredState,
  compactLog,
  decodeChannelMessage,
  loadStoredState,
  ProjectUnavailableError,
  projectChannel,
  writeModelChange,
} from "./index";

let db: PrismaClient;
let teamId: string;

/** A Yjs update that sets `meta.<key> = value` on a fresh client. */
function setKey(key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap("meta").set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

async function newProject(data: { ydocState?: Uint8Array<ArrayBuffer> } = {}): Promise<string> {
  const p = await db.project.create({ data: { teamId, name: "log test", ...data } });
  return p.id;
}

async function readMeta(projectId: string): Promise<Record<string, unknown>> {
  const state = await loadStoredState(db, projectId);
  const doc = new Y.Doc();
  applyStoredState(doc, state!);
  return doc.getMap("meta").toJSON();
}

beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  teamId = (await db.team.create({ data: { name: "collab-store test" } })).id;
});

afterAll(async () => {
  await db.team.delete({ where: { id: teamId } });
  await db.$disconnect();
});

describe("write-ahead log", () => {
  it("hands out consecutive sequence numbers to concurrent appenders", async () => {
    const id = await newProject();
    const appended = await Promise.all(
      Array.from({ length: 40 }, (_, i) => appendUpdate(db, id, setKey(`k${i}`, i))),
    );
    const seqs = appended.map((a) => a.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const meta = await readMeta(id);
    expect(Object.keys(meta)).toHaveLength(40);
    const project = await db.project.findUniqueOrThrow({ where: { id } });
    expect(project.logSeq).toBe(40);
    const newest = appended.find((a) => a.seq === 40)!;
    expect(project.modelSavedAt).toEqual(newest.savedAt);
  });

  it("compacts into the snapshot in one transaction and keeps every update", async () => {
    const id = await newProject();
    for (let i = 0; i < 5; i++) await appendUpdate(db, id, setKey(`a${i}`, i));
    expect(await compactLog(db, id)).toEqual({ snapshotSeq: 5, merged: 5 });
    expect(await db.projectUpdate.count({ where: { projectId: id } })).toBe(0);
    await appendUpdate(db, id, setKey("after", true));
    const state = await loadStoredState(db, id);
    expect(state).toMatchObject({ snapshotSeq: 5, seq: 6 });
    expect(state!.updates.map((u) => u.seq)).toEqual([6]);
    expect(Object.keys(await readMeta(id)).sort()).toEqual(["a0", "a1", "a2", "a3", "a4", "after"]);
    expect(await compactLog(db, id)).toEqual({ snapshotSeq: 6, merged: 1 });
    expect(await compactLog(db, id)).toBeNull();
  });

  it("loses nothing when compactions race with appenders", async () => {
    const id = await newProject();
    const appends = Array.from({ length: 60 }, (_, i) => appendUpdate(db, id, setKey(`r${i}`, i)));
    const compactions = Array.from({ length: 6 }, () => compactLog(db, id));
    await Promise.all([...appends, ...compactions]);
    await compactLog(db, id);
    expect(Object.keys(await readMeta(id))).toHaveLength(60);
  });

  it("refuses appends to archived and unknown projects", async () => {
    const id = await newProject();
    await db.project.update({ where: { id }, data: { archivedAt: new Date() } });
    await expect(appendUpdate(db, id, setKey("x", 1))).rejects.toBeInstanceOf(
      ProjectUnavailableError,
    );
    await expect(appendUpdate(db, "no-such-project", setKey("x", 1))).rejects.toBeInstanceOf(
      ProjectUnavailableError,
    );
    expect(await loadStoredState(db, "no-such-project")).toBeNull();
  });

  it("never replaces a snapshot that does not decode", async () => {
    const garbage = new Uint8Array([255, 255, 255, 255, 1, 2, 3]);
    const id = await newProject({ ydocState: garbage });
    await appendUpdate(db, id, setKey("x", 1));
    await expect(compactLog(db, id)).rejects.toThrow();
    const project = await db.project.findUniqueOrThrow({ where: { id } });
    expect(Buffer.from(project.ydocState!).equals(Buffer.from(garbage))).toBe(true);
    expect(project.snapshotSeq).toBe(0);
  });
});

describe("writeModelChange", () => {
  let sub: Redis;
  let pub: Redis;

  beforeAll(async () => {
    sub = new Redis(process.env.REDIS_URL!);
    pub = new Redis(process.env.REDIS_URL!);
    // Subscribing before the connection is ready races ioredis' ready check (INFO).
    await Promise.all([sub.ping(), pub.ping()]);
  });
  afterAll(() => {
    sub.disconnect();
    pub.disconnect();
  });

  it("serializes 20 concurrent writers, keeps all 20 changes and publishes each", async () => {
    const id = await newProject();
    const seen: number[] = [];
    await sub.subscribe(projectChannel(id));
    sub.on("messageBuffer", (_channel: Buffer, message: Buffer) => {
      const decoded = decodeChannelMessage(message);
      if (decoded?.kind === "update") seen.push(decoded.seq);
    });
    const writes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writeModelChange(db, pub, id, "http-save", (doc) => {
          const size = doc.getMap("meta").size;
          doc.getMap("meta").set(`layer${i}`, size);
        }),
      ),
    );
    expect(writes.every((w) => w.changed)).toBe(true);
    expect(Object.keys(await readMeta(id))).toHaveLength(20);
    // Under the lock each writer saw every earlier one: sizes 0…19, each exactly once.
    expect(Object.values(await readMeta(id)).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    await expect.poll(() => seen.length).toBe(20);
    expect(new Set(seen).size).toBe(20);
    await sub.unsubscribe(projectChannel(id));
  });

  it("writes nothing when the change throws or adds nothing", async () => {
    const id = await newProject();
    await writeModelChange(db, null, id, "restore", (doc) => doc.getMap("meta").set("a", 1));
    await expect(
      writeModelChange(db, null, id, "http-save", (doc) => {
        doc.getMap("meta").set("b", 2);
        throw new Error("invalid model");
      }),
    ).rejects.toThrow("invalid model");
    const same = await writeModelChange(db, null, id, "http-save", () => undefined);
    expect(same).toMatchObject({ changed: false, seq: 1 });
    expect(await readMeta(id)).toEqual({ a: 1 });
  });
});
