import {
  MEMBERS_CHANNEL,
  appendUpdate,
  decodeChannelMessage,
  loadStoredState,
  parseMemberChange,
  projectChannel,
} from "@layerwise/collab-store";
import { COLLAB_TOKEN_MAX_TTL_S, ZCollabTokenClaims } from "@layerwise/protocol";
import { addNode, docToModelFlow, encodeNewModelState } from "@layerwise/model-doc";
import { loadTemplate } from "@layerwise/graph-core";
import { Redis } from "ioredis";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { callRoute, makeTeam, makeUser, testDb } from "@/lib/server-only/test-helpers";
import * as modelRoute from "@/app/api/projects/[projectId]/model/route";
import * as tokenRoute from "@/app/api/projects/[projectId]/collab-token/route";
import { createVersion } from "@/features/versions/server/create-version";
import { restoreVersion } from "@/features/versions/server/restore-version";
import { changeMemberRole, removeMember } from "@/features/teams/server/manage-members";

/*
 * Server-side writers of live models go through the write-ahead log (@layerwise/collab-store):
 * concurrent HTTP saves keep every layer, restores reach open editors through Redis, and the
 * collab token is minted only for members.
 */
const db = testDb();
let sub: Redis;

beforeAll(async () => {
  sub = new Redis(process.env.REDIS_URL!);
  await sub.ping();
});
afterAll(async () => {
  sub.disconnect();
  await db.$disconnect();
});

async function world() {
  const owner = await makeUser("owner");
  const editor = await makeUser("editor");
  const viewer = await makeUser("viewer");
  const outsider = await makeUser("outsider");
  const teamId = await makeTeam("collab", [
    [owner, "owner"],
    [editor, "editor"],
    [viewer, "viewer"],
  ]);
  const project = await db.project.create({
    data: { teamId, name: "Seg", ydocState: encodeNewModelState(loadTemplate("lenet5")) },
  });
  return { owner, editor, viewer, outsider, teamId, project };
}

async function storedModel(projectId: string) {
  const doc = new Y.Doc();
  const state = await loadStoredState(db, projectId);
  Y.applyUpdate(doc, Y.mergeUpdates([state!.snapshot!, ...state!.updates.map((u) => u.data)]));
  return docToModelFlow(doc);
}

describe("HTTP model save through the log", () => {
  it("20 concurrent saves of one project, each adding its own layer: all 20 layers stored", async () => {
    const { editor, project } = await world();
    const base = project.ydocState!;
    const bodies = Array.from({ length: 20 }, (_, i) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, base);
      addNode(doc, { id: `extra${i}`, type: "ReLU", params: {} });
      return { state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64") };
    });
    const answers = await Promise.all(
      bodies.map((body) =>
        callRoute(modelRoute.PUT, {
          method: "PUT",
          params: { projectId: project.id },
          actor: editor,
          body,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const ids = new Set((await storedModel(project.id)).nodes.map((n) => n.id));
    for (let i = 0; i < 20; i++) expect(ids.has(`extra${i}`)).toBe(true);
    // Compaction after each write keeps Project.ydocState (what pages read) current too.
    const row = await db.project.findUniqueOrThrow({ where: { id: project.id } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, row.ydocState!);
    expect(docToModelFlow(doc).nodes.filter((n) => n.id.startsWith("extra"))).toHaveLength(20);
    expect(row.logSeq).toBe(20);
  });

  it("a viewer's save is refused and writes nothing to the log", async () => {
    const { viewer, project } = await world();
    const res = await callRoute(modelRoute.PUT, {
      method: "PUT",
      params: { projectId: project.id },
      actor: viewer,
      body: { state: Buffer.from(project.ydocState!).toString("base64") },
    });
    expect(res.status).toBe(403);
    expect(await db.projectUpdate.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("version restore through the log", () => {
  it("appends the restore to the log and publishes it for open editors", async () => {
    const { editor, project } = await world();
    const v1 = await createVersion(db, editor, project.id, { message: "lenet" });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, project.ydocState!);
    addNode(doc, { id: "later", type: "ReLU", params: {} });
    await callRoute(modelRoute.PUT, {
      method: "PUT",
      params: { projectId: project.id },
      actor: editor,
      body: { state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64") },
    });
    const heard: { seq: number; data: Uint8Array }[] = [];
    await sub.subscribe(projectChannel(project.id));
    const onMessage = (_c: Buffer, message: Buffer) => {
      const m = decodeChannelMessage(message);
      if (m?.kind === "update") heard.push(m);
    };
    sub.on("messageBuffer", onMessage);
    try {
      await restoreVersion(db, editor, project.id, v1.id);
      await expect.poll(() => heard.length).toBe(1);
      expect(heard[0]!.seq).toBe(2);
      // An open editor applying the published update alone sees the restored model.
      Y.applyUpdate(doc, heard[0]!.data);
      expect(docToModelFlow(doc).nodes.some((n) => n.id === "later")).toBe(false);
      expect((await storedModel(project.id)).nodes.some((n) => n.id === "later")).toBe(false);
    } finally {
      sub.off("messageBuffer", onMessage);
      await sub.unsubscribe(projectChannel(project.id));
    }
  });
});

describe("POST /api/projects/:id/collab-token", () => {
  const call = (projectId: string, actor: Parameters<typeof callRoute>[1]["actor"]) =>
    callRoute(tokenRoute.POST, { method: "POST", params: { projectId }, actor });

  it("mints a short-lived token with the member's current role", async () => {
    const { viewer, project } = await world();
    const res = await call(project.id, viewer);
    expect(res.status).toBe(200);
    const { payload } = await jwtVerify(
      String(res.json.token),
      new TextEncoder().encode(process.env.COLLAB_SECRET!),
    );
    const claims = ZCollabTokenClaims.parse(payload);
    expect(claims).toMatchObject({ sub: viewer.id, pid: project.id, role: "viewer" });
    expect(Number(payload.exp) - Number(payload.iat)).toBeLessThanOrEqual(COLLAB_TOKEN_MAX_TTL_S);
    expect(Date.parse(String(res.json.expiresAt))).toBe(Number(payload.exp) * 1000);
    expect(String(res.json.url)).toMatch(/^wss?:\/\//);
  });

  it("refuses the signed-out, non-members, unknown and archived projects", async () => {
    const { outsider, owner, project } = await world();
    expect((await call(project.id, null)).status).toBe(401);
    expect((await call(project.id, outsider)).status).toBe(403);
    expect((await call("no-such-project", owner)).status).toBe(404);
    await db.project.update({ where: { id: project.id }, data: { archivedAt: new Date() } });
    const archived = await call(project.id, owner);
    expect(archived.status).toBe(403);
    expect(archived.json.error).toMatch(/archived/);
  });
});

describe("snapshots read the live log", () => {
  it("a version taken before compaction holds the latest edit", async () => {
    const { editor, project } = await world();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, project.ydocState!);
    const sv = Y.encodeStateVector(doc);
    addNode(doc, { id: "uncompacted", type: "ReLU", params: {} });
    // Appended as a collab server does, compaction not run yet: ydocState lacks the node.
    await appendUpdate(db, project.id, Y.encodeStateAsUpdate(doc, sv), editor.id);
    const version = await createVersion(db, editor, project.id, { message: "now" });
    const model = version.model as { nodes: { id: string }[] };
    expect(model.nodes.map((n) => n.id)).toContain("uncompacted");
  });
});

describe("membership changes reach the collab servers", () => {
  it("a demotion and a removal are published on collab:members after they commit", async () => {
    const { owner, editor, teamId } = await world();
    const heard: unknown[] = [];
    const onMessage = (channel: string, message: string) => {
      if (channel === MEMBERS_CHANNEL) heard.push(parseMemberChange(message));
    };
    await sub.subscribe(MEMBERS_CHANNEL);
    sub.on("message", onMessage);
    try {
      await changeMemberRole(db, owner, teamId, editor.id, { role: "viewer" });
      await removeMember(db, owner, teamId, editor.id);
      await expect
        .poll(() => heard.filter((h) => (h as { teamId?: string })?.teamId === teamId))
        .toEqual([
          { teamId, userId: editor.id, role: "viewer" },
          { teamId, userId: editor.id, role: null },
        ]);
    } finally {
      sub.off("message", onMessage);
      await sub.unsubscribe(MEMBERS_CHANNEL);
    }
  });
});
