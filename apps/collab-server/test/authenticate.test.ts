import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setParam } from "@layerwise/model-doc";
import {
  connect,
  publishMemberChangeForTest,
  makeWorld,
  paramsOf,
  startServer,
  storedDoc,
  testDb,
  tokenFor,
  upgradeStatus,
  type TRunning,
} from "./harness";

/*
 * The authenticate hook against a real server: the token is verified and membership checked in
 * Postgres before the upgrade; refusals are HTTP statuses and change nothing; removals and
 * demotions act on live connections.
 */
let running: TRunning;
let world: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  running = await startServer();
  world = await makeWorld();
});
afterAll(async () => {
  await running.stop();
  await testDb().$disconnect();
});

const at = (projectId: string, token?: string) =>
  `${running.url}/${projectId}${token ? `?token=${token}` : ""}`;

describe("authenticate hook", () => {
  it("refuses missing, forged, expired, over-long, malformed and wrong-project tokens before the upgrade", async () => {
    const { editor, project } = world;
    const pid = project.id;
    expect((await upgradeStatus(at(pid))).status).toBe(401);
    const forged = await tokenFor(editor, pid, "editor", { secret: "x".repeat(40) });
    expect(await upgradeStatus(at(pid, forged))).toMatchObject({ status: 401 });
    const expired = await tokenFor(editor, pid, "editor", {
      ttl: Math.floor(Date.now() / 1000) - 10,
    });
    expect(await upgradeStatus(at(pid, expired))).toMatchObject({ status: 401 });
    const long = await tokenFor(editor, pid, "editor", { ttl: "1h" });
    expect(await upgradeStatus(at(pid, long))).toMatchObject({ status: 401 });
    const malformed = await tokenFor(editor, pid, "editor", { extra: { role: "admin" } });
    expect(await upgradeStatus(at(pid, malformed))).toMatchObject({ status: 401 });
    const other = await tokenFor(editor, "another-project", "editor");
    expect(await upgradeStatus(at(pid, other))).toMatchObject({ status: 403 });
  });

  it("checks Postgres: non-members 403, unknown projects 404, archived projects 403", async () => {
    const { outsider, owner, team } = world;
    const p = await testDb().project.create({ data: { teamId: team.id, name: "Archived" } });
    const asOutsider = await tokenFor(outsider, p.id, "editor");
    expect(await upgradeStatus(at(p.id, asOutsider))).toEqual({
      status: 403,
      body: "not a member of this project's team",
    });
    const unknown = await tokenFor(owner, "no-such-project", "owner");
    expect(await upgradeStatus(at("no-such-project", unknown))).toMatchObject({ status: 404 });
    await testDb().project.update({ where: { id: p.id }, data: { archivedAt: new Date() } });
    const archived = await upgradeStatus(at(p.id, await tokenFor(owner, p.id, "owner")));
    expect(archived).toEqual({ status: 403, body: "project is archived" });
    expect(await testDb().projectUpdate.count({ where: { projectId: p.id } })).toBe(0);
  });

  it("accepts a member and answers /healthz", async () => {
    const ok = await upgradeStatus(
      at(world.project.id, await tokenFor(world.editor, world.project.id, "editor")),
    );
    expect(ok.status).toBe(101);
    const res = await fetch(`${running.url.replace("ws", "http")}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });
});

describe("viewers and live membership changes", () => {
  it("a viewer receives the document, and its updates never change it", async () => {
    const { editor, viewer, project } = world;
    const ed = connect(running.url, project.id, await tokenFor(editor, project.id, "editor"));
    const vw = connect(running.url, project.id, await tokenFor(viewer, project.id, "viewer"));
    try {
      await expect.poll(() => vw.doc.getMap("nodes").size, { timeout: 10_000 }).toBeGreaterThan(0);
      setParam(vw.doc, "c1", "out_channels", 99);
      vw.doc.getMap("meta").set("name", "hacked by a viewer");
      setParam(ed.doc, "c1", "kernel_size", 3);
      await expect.poll(() => paramsOf(vw.doc, "c1").kernel_size, { timeout: 10_000 }).toBe(3);
      await expect.poll(() => ed.isSaved(), { timeout: 10_000 }).toBe(true);
      expect(paramsOf(ed.doc, "c1").out_channels).toBe(6);
      const stored = await storedDoc(project.id);
      expect(paramsOf(stored, "c1")).toMatchObject({ out_channels: 6, kernel_size: 3 });
      expect(stored.getMap("meta").get("name")).not.toBe("hacked by a viewer");
      // The viewer's own content never became "persisted".
      expect(vw.isSaved()).toBe(false);
    } finally {
      ed.destroy();
      vw.destroy();
    }
  });

  it("a demoted member's edits stop at once; a removed member is closed with 4403", async () => {
    const { team, project } = world;
    const d = testDb();
    const user = await d.user.create({
      data: { email: `${Date.now()}-m@test.layerwise.dev`, name: "M" },
    });
    await d.membership.create({ data: { teamId: team.id, userId: user.id, role: "editor" } });
    const watcher = connect(
      running.url,
      project.id,
      await tokenFor(world.owner, project.id, "owner"),
    );
    const member = connect(running.url, project.id, await tokenFor(user, project.id, "editor"));
    try {
      for (const c of [watcher, member])
        await expect.poll(() => c.doc.getMap("nodes").size, { timeout: 10_000 }).toBeGreaterThan(0);
      setParam(member.doc, "c1", "stride", 2);
      await expect.poll(() => paramsOf(watcher.doc, "c1").stride, { timeout: 10_000 }).toBe(2);
      await d.membership.update({
        where: { teamId_userId: { teamId: team.id, userId: user.id } },
        data: { role: "viewer" },
      });
      await publishMemberChangeForTest({ teamId: team.id, userId: user.id, role: "viewer" });
      await expect
        .poll(() => memberRole(running, project.id, user.id), { timeout: 5_000 })
        .toBe("viewer");
      setParam(member.doc, "c1", "stride", 1);
      setParam(watcher.doc, "c1", "padding", 2);
      await expect.poll(() => paramsOf(member.doc, "c1").padding, { timeout: 10_000 }).toBe(2);
      expect(paramsOf(watcher.doc, "c1").stride).toBe(2);
      await d.membership.delete({ where: { teamId_userId: { teamId: team.id, userId: user.id } } });
      await publishMemberChangeForTest({ teamId: team.id, userId: user.id, role: null });
      await expect.poll(() => member.closes.map((c) => c.code), { timeout: 5_000 }).toContain(4403);
      expect(member.closes.find((c) => c.code === 4403)?.reason).toMatch(/no longer a member/);
      // y-websocket stops reconnecting on 4403.
      expect(member.provider.shouldConnect).toBe(false);
      expect(paramsOf(await storedDoc(project.id), "c1").stride).toBe(2);
    } finally {
      watcher.destroy();
      member.destroy();
    }
  });
});

function memberRole(r: TRunning, projectId: string, userId: string): string | undefined {
  const room = r.server.rooms.forTeam(world.team.id).find((x) => x.projectId === projectId);
  return [...(room?.conns ?? [])].find((c) => c.userId === userId)?.role;
}
