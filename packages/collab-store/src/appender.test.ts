import { createPrismaClient, type PrismaClient } from "@layerwise/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  appendUpdate,
  applyStoredState,
  createLogAppender,
  loadStoredState,
  ProjectUnavailableError,
  type TLogAppender,
} from "./index";

let db: PrismaClient;
let appender: TLogAppender;
let teamId: string;

function setKey(key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap("meta").set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  appender = createLogAppender(process.env.DATABASE_URL!, { connections: 3 });
  teamId = (await db.team.create({ data: { name: "collab-store appender test" } })).id;
});

afterAll(async () => {
  await db.team.delete({ where: { id: teamId } });
  await appender.close();
  await db.$disconnect();
});

describe("createLogAppender", () => {
  it("appends like appendUpdate: consecutive numbers shared with other writers, bytes intact", async () => {
    const { id } = await db.project.create({ data: { teamId, name: "appender" } });
    // Concurrent appends over several pooled connections, interleaved with the Prisma path.
    const seqs = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? appendUpdate(db, id, setKey(`k${i}`, i), "http-save").then((a) => a.seq)
          : appender.append(id, setKey(`k${i}`, i), "user-1"),
      ),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const state = await loadStoredState(db, id);
    const doc = new Y.Doc();
    applyStoredState(doc, state!);
    expect(doc.getMap("meta").toJSON()).toEqual(
      Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])),
    );
    const project = await db.project.findUniqueOrThrow({ where: { id } });
    expect(project.logSeq).toBe(30);
    const rows = await db.projectUpdate.findMany({
      where: { projectId: id },
      select: { origin: true },
    });
    expect(rows.filter((r) => r.origin === "user-1")).toHaveLength(20);
  });

  it("appends a subarray's own bytes, not its whole buffer", async () => {
    const { id } = await db.project.create({ data: { teamId, name: "appender view" } });
    const update = setKey("view", true);
    const padded = new Uint8Array(update.length + 8);
    padded.set(update, 4);
    await appender.append(id, padded.subarray(4, 4 + update.length), null);
    const stored = await db.projectUpdate.findFirstOrThrow({ where: { projectId: id } });
    expect(Buffer.from(stored.data).equals(Buffer.from(update))).toBe(true);
  });

  it("refuses archived and unknown projects", async () => {
    const { id } = await db.project.create({
      data: { teamId, name: "archived", archivedAt: new Date() },
    });
    await expect(appender.append(id, setKey("x", 1), null)).rejects.toBeInstanceOf(
      ProjectUnavailableError,
    );
    await expect(appender.append("no-such-project", setKey("x", 1), null)).rejects.toBeInstanceOf(
      ProjectUnavailableError,
    );
    expect(await db.projectUpdate.count({ where: { projectId: id } })).toBe(0);
  });
});
