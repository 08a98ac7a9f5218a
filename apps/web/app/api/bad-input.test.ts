/*
 * Bad input through the real route handlers: each request gets a clear 4xx message naming the
 * problem, and the data is left exactly as it was.
 */
import { loadTemplate } from "@layerwise/graph-core";
import { afterAll, describe, expect, it } from "vitest";
import { laidOutTemplate } from "@/features/projects/server/load-project-model";
import { encodeNewModelState } from "@layerwise/model-doc";
import { hashInviteToken, newInviteToken } from "@/features/teams/server/invite-token";
import { insertVersion } from "@/features/versions/server/create-version";
import {
  callRoute,
  makeTeam,
  makeUser,
  sessionCookie,
  testDb,
} from "@/lib/server-only/test-helpers";
import * as acceptRoute from "./invites/accept/route";
import * as compareRoute from "./projects/[projectId]/compare/route";
import * as modelRoute from "./projects/[projectId]/model/route";
import * as projectRoute from "./projects/[projectId]/route";
import * as restoreRoute from "./projects/[projectId]/versions/[versionId]/restore/route";
import * as teamProjectsRoute from "./teams/[teamId]/projects/route";
import * as teamsRoute from "./teams/route";

const db = testDb();
afterAll(() => db.$disconnect());

async function world() {
  const owner = await makeUser("owner");
  const teamId = await makeTeam("lab", [[owner, "owner"]]);
  const model = laidOutTemplate("unet-small", "Seg");
  const project = await db.project.create({
    data: { teamId, name: "Seg", ydocState: encodeNewModelState(model) },
  });
  const version = await db.$transaction((tx) =>
    insertVersion(tx, {
      projectId: project.id,
      authorId: owner.id,
      message: "v1",
      kind: "manual",
      model,
    }),
  );
  return { owner, teamId, project, version };
}

const rowOf = (id: string) => db.project.findUnique({ where: { id } });

describe("bad input", () => {
  it("oversized names: 400 naming the field; the project keeps its name", async () => {
    const { owner, project } = await world();
    const res = await callRoute(projectRoute.PATCH, {
      method: "PATCH",
      params: { projectId: project.id },
      actor: owner,
      body: { name: "n".repeat(101) },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/name: A project name has at most 100 characters/);
    expect(res.json.issues).toEqual([
      { path: "name", message: "A project name has at most 100 characters." },
    ]);
    expect((await rowOf(project.id))?.name).toBe("Seg");
    const team = await callRoute(teamsRoute.POST, {
      method: "POST",
      params: {},
      actor: owner,
      body: { name: "t".repeat(61) },
    });
    expect(team.status).toBe(400);
  });

  it("a body that is not JSON, or too large, is refused before anything runs", async () => {
    const { owner, teamId } = await world();
    const cookie = await sessionCookie(owner);
    const notJson = await teamProjectsRoute.POST(
      new Request("http://localhost/api", {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: "{name: oops",
      }),
      { params: Promise.resolve({ teamId }) },
    );
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toBe(
      "The request body is not valid JSON.",
    );
    const huge = await teamProjectsRoute.POST(
      new Request("http://localhost/api", {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ name: "x", description: "d".repeat(5 * 1024 * 1024) }),
      }),
      { params: Promise.resolve({ teamId }) },
    );
    expect(huge.status).toBe(413);
    expect(await db.project.count({ where: { teamId } })).toBe(1);
  });

  it("cross-site forgeries: a foreign Origin is 403, a text/plain form body is 415; nothing is created", async () => {
    const { owner, teamId } = await world();
    const cookie = await sessionCookie(owner);
    const body = JSON.stringify({ name: "Forged" });
    const foreign = await teamProjectsRoute.POST(
      new Request("http://localhost/api", {
        method: "POST",
        headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
        body,
      }),
      { params: Promise.resolve({ teamId }) },
    );
    expect(foreign.status).toBe(403);
    const plain = await teamProjectsRoute.POST(
      new Request("http://localhost/api", {
        method: "POST",
        headers: { cookie, "content-type": "text/plain" },
        body,
      }),
      { params: Promise.resolve({ teamId }) },
    );
    expect(plain.status).toBe(415);
    const sameSite = await teamProjectsRoute.POST(
      new Request("http://localhost/api", {
        method: "POST",
        headers: { cookie, origin: "http://localhost", "content-type": "application/json" },
        body,
      }),
      { params: Promise.resolve({ teamId }) },
    );
    expect(sameSite.status).toBe(201);
    expect(await db.project.count({ where: { teamId, name: "Forged" } })).toBe(1);
  });

  it("invalid model documents: 400 with the offending path; the stored model is unchanged", async () => {
    const { owner, teamId, project } = await world();
    const before = await rowOf(project.id);
    const bad = { ...loadTemplate("lenet5"), nodes: [{ id: "x", type: 42, params: {} }] };
    const created = await callRoute(teamProjectsRoute.POST, {
      method: "POST",
      params: { teamId },
      actor: owner,
      body: { name: "Bad", model: bad },
    });
    expect(created.status).toBe(400);
    expect(created.json.error).toMatch(/model\.nodes\[0\]\.type/);
    const saved = await callRoute(modelRoute.PUT, {
      method: "PUT",
      params: { projectId: project.id },
      actor: owner,
      body: { state: Buffer.from("garbage bytes").toString("base64") },
    });
    expect(saved.status).toBe(400);
    expect(saved.json.error).toMatch(/not a valid model-flow document|not a valid Y\.Doc/);
    expect(await rowOf(project.id)).toEqual(before);
    expect(await db.project.count({ where: { teamId } })).toBe(1);
  });

  it("unknown ids: 404 with a message", async () => {
    const { owner, project } = await world();
    const missing = await callRoute(projectRoute.GET, {
      method: "GET",
      params: { projectId: "cnotarealprojectid00000" },
      actor: owner,
    });
    expect(missing).toMatchObject({ status: 404, json: { error: "Project not found." } });
    const team = await callRoute(teamProjectsRoute.GET, {
      method: "GET",
      params: { teamId: "cnotarealteamid00000000" },
      actor: owner,
    });
    expect(team).toMatchObject({ status: 404, json: { error: "Team not found." } });
    const restore = await callRoute(restoreRoute.POST, {
      method: "POST",
      params: { projectId: project.id, versionId: "cnotarealversion0000000" },
      actor: owner,
    });
    expect(restore).toMatchObject({
      status: 404,
      json: { error: "Version not found in this project." },
    });
    const compare = await callRoute(compareRoute.GET, {
      method: "GET",
      params: { projectId: project.id },
      actor: owner,
    });
    expect(compare.status).toBe(400);
  });

  it("forged ids from another team: a version of someone else's project cannot be restored into mine", async () => {
    const mine = await world();
    const theirs = await world();
    const before = await rowOf(mine.project.id);
    // My project id with their version id.
    const forged = await callRoute(restoreRoute.POST, {
      method: "POST",
      params: { projectId: mine.project.id, versionId: theirs.version.id },
      actor: mine.owner,
    });
    expect(forged.status).toBe(404);
    const compare = await callRoute(compareRoute.GET, {
      method: "GET",
      params: { projectId: mine.project.id },
      actor: mine.owner,
      query: `?before=${mine.version.id}&after=${theirs.version.id}`,
    });
    expect(compare.status).toBe(404);
    // Their project id, addressed directly.
    const direct = await callRoute(restoreRoute.POST, {
      method: "POST",
      params: { projectId: theirs.project.id, versionId: theirs.version.id },
      actor: mine.owner,
    });
    expect(direct.status).toBe(403);
    // Creating a project in their team by id.
    const intrude = await callRoute(teamProjectsRoute.POST, {
      method: "POST",
      params: { teamId: theirs.teamId },
      actor: mine.owner,
      body: { name: "Intruder" },
    });
    expect(intrude.status).toBe(403);
    expect(await rowOf(mine.project.id)).toEqual(before);
    expect(
      await db.projectVersion.count({
        where: { projectId: { in: [mine.project.id, theirs.project.id] } },
      }),
    ).toBe(2);
    expect(await db.project.count({ where: { teamId: theirs.teamId } })).toBe(1);
  });

  it("replayed and expired invites: 410 with a message that says which; membership unchanged", async () => {
    const { owner, teamId } = await world();
    const bob = await makeUser("bob");
    const used = newInviteToken();
    const expired = newInviteToken();
    await db.invite.create({
      data: {
        teamId,
        email: bob.email,
        role: "viewer",
        tokenHash: hashInviteToken(used),
        expiresAt: new Date(Date.now() + 3_600_000),
        createdById: owner.id,
      },
    });
    await db.invite.create({
      data: {
        teamId,
        email: bob.email,
        role: "editor",
        tokenHash: hashInviteToken(expired),
        expiresAt: new Date(Date.now() - 1000),
        createdById: owner.id,
      },
    });
    const first = await callRoute(acceptRoute.POST, {
      method: "POST",
      params: {},
      actor: bob,
      body: { token: used },
    });
    expect(first).toMatchObject({ status: 200, json: { teamId, role: "viewer" } });
    const members = await db.membership.findMany({ where: { teamId }, orderBy: { userId: "asc" } });
    const replay = await callRoute(acceptRoute.POST, {
      method: "POST",
      params: {},
      actor: bob,
      body: { token: used },
    });
    expect(replay).toMatchObject({
      status: 410,
      json: { error: "This invite link has already been used." },
    });
    const late = await callRoute(acceptRoute.POST, {
      method: "POST",
      params: {},
      actor: bob,
      body: { token: expired },
    });
    expect(late).toMatchObject({
      status: 410,
      json: { error: "This invite link has expired. Ask the team owner for a new one." },
    });
    expect(await db.membership.findMany({ where: { teamId }, orderBy: { userId: "asc" } })).toEqual(
      members,
    );
  });
});
