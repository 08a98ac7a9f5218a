/*
 * The authorization matrix: every mutating endpoint (and the reads) driven as anonymous,
 * non-member, viewer, editor and owner through the real route handlers with real session
 * cookies. Exactly the allowed set succeeds; everyone else gets 401 (anonymous) or 403, and the
 * database is checked to be unchanged.
 */
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendRunEvent } from "@layerwise/db";
import { encodeNewModelState } from "@layerwise/model-doc";
import { laidOutTemplate } from "@/features/projects/server/load-project-model";
import { hashInviteToken, newInviteToken } from "@/features/teams/server/invite-token";
import { runStorage } from "@/features/training/server/run-storage";
import { insertVersion } from "@/features/versions/server/create-version";
import { segmentationFiles, zip } from "@/features/datasets/server/test-zips";
import type { TActor } from "@/lib/server-only/actor";
import { callRoute, makeTeam, makeUser, testDb } from "@/lib/server-only/test-helpers";
import * as datasetsRoute from "./datasets/route";
import * as acceptRoute from "./invites/accept/route";
import * as archiveRoute from "./projects/[projectId]/archive/route";
import * as compareRoute from "./projects/[projectId]/compare/route";
import * as duplicateRoute from "./projects/[projectId]/duplicate/route";
import * as modelRoute from "./projects/[projectId]/model/route";
import * as moveRoute from "./projects/[projectId]/move/route";
import * as projectRoute from "./projects/[projectId]/route";
import * as restoreRoute from "./projects/[projectId]/versions/[versionId]/restore/route";
import * as versionRoute from "./projects/[projectId]/versions/[versionId]/route";
import * as versionsRoute from "./projects/[projectId]/versions/route";
import * as projectRunsRoute from "./projects/[projectId]/runs/route";
import * as leaderboardRoute from "./projects/[projectId]/runs/leaderboard/route";
import * as runArtifactRoute from "./runs/[runId]/artifacts/[name]/route";
import * as runMetricsRoute from "./runs/[runId]/metrics/route";
import * as compareRunsRoute from "./runs/compare/route";
import * as compareRunsMetricsRoute from "./runs/compare/metrics/route";
import * as cancelRunRoute from "./runs/[runId]/cancel/route";
import * as runEventsRoute from "./runs/[runId]/events/route";
import * as runRoute from "./runs/[runId]/route";
import * as inviteRoute from "./teams/[teamId]/invites/[inviteId]/route";
import * as invitesRoute from "./teams/[teamId]/invites/route";
import * as memberRoute from "./teams/[teamId]/members/[userId]/route";
import * as teamProjectsRoute from "./teams/[teamId]/projects/route";
import * as teamDatasetsRoute from "./teams/[teamId]/datasets/route";
import * as teamRoute from "./teams/[teamId]/route";
import * as teamsRoute from "./teams/route";

type TActorKind = "anonymous" | "outsider" | "viewer" | "editor" | "owner";
const ACTORS: TActorKind[] = ["anonymous", "outsider", "viewer", "editor", "owner"];

/** A fresh world per case: a team with one member per role, a project with two versions. */
interface TFixture {
  users: Record<Exclude<TActorKind, "anonymous">, TActor> & { other: TActor };
  teamId: string;
  /** A second team in which every signed-in actor is an editor (move / duplicate target). */
  destinationId: string;
  projectId: string;
  versionIds: [string, string];
  inviteId: string;
  /** An invite to the team addressed to each actor's own email, by kind. */
  inviteTokens: Record<string, string>;
  /** A finished run (events, a log artifact) and a queued one (to cancel). */
  doneRunId: string;
  queuedRunId: string;
  /** A project whose model fits a built-in dataset (U-Net small on nuclei), to start runs. */
  trainProjectId: string;
}

// Dataset uploads write files: keep them out of the repository's DATA_DIR.
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "lw-matrix-"));

const db = testDb();
afterAll(async () => {
  await db.$disconnect();
});

async function makeFixture(): Promise<TFixture> {
  const [outsider, viewer, editor, owner, other] = await Promise.all(
    ["outsider", "viewer", "editor", "owner", "other"].map((label) => makeUser(`matrix-${label}`)),
  );
  const users = {
    outsider: outsider!,
    viewer: viewer!,
    editor: editor!,
    owner: owner!,
    other: other!,
  };
  const teamId = await makeTeam("matrix-team", [
    [users.owner, "owner"],
    [users.editor, "editor"],
    [users.viewer, "viewer"],
    [users.other, "editor"],
  ]);
  const destinationId = await makeTeam("matrix-destination", [
    [users.owner, "editor"],
    [users.editor, "editor"],
    [users.viewer, "editor"],
    [users.outsider, "editor"],
  ]);
  const model = laidOutTemplate("lenet5", "LeNet");
  const project = await db.project.create({
    data: {
      teamId,
      name: "Matrix project",
      ydocState: encodeNewModelState(model),
      createdById: users.owner.id,
    },
  });
  const changed = { ...model, nodes: model.nodes.filter((n) => n.type !== "Dropout") };
  const versionIds = (await db.$transaction(async (tx) => [
    (
      await insertVersion(tx, {
        projectId: project.id,
        authorId: users.owner.id,
        message: "v1",
        kind: "manual",
        model,
      })
    ).id,
    (
      await insertVersion(tx, {
        projectId: project.id,
        authorId: users.owner.id,
        message: "v2",
        kind: "manual",
        model: changed,
      })
    ).id,
  ])) as [string, string];
  const expiresAt = new Date(Date.now() + 3_600_000);
  const invite = await db.invite.create({
    data: {
      teamId,
      email: "pending@test.layerwise.dev",
      role: "viewer",
      tokenHash: hashInviteToken(newInviteToken()),
      expiresAt,
      createdById: users.owner.id,
    },
  });
  const inviteTokens: Record<string, string> = {};
  for (const kind of ["outsider", "viewer", "editor", "owner"] as const) {
    const token = newInviteToken();
    inviteTokens[kind] = token;
    await db.invite.create({
      data: {
        teamId,
        email: users[kind].email,
        role: "editor",
        tokenHash: hashInviteToken(token),
        expiresAt,
        createdById: users.owner.id,
      },
    });
  }
  const [doneRunId, queuedRunId] = await makeRuns(
    teamId,
    project.id,
    versionIds[0],
    users.owner.id,
  );
  return {
    users,
    teamId,
    destinationId,
    projectId: project.id,
    versionIds,
    inviteId: invite.id,
    inviteTokens,
    doneRunId,
    queuedRunId,
    trainProjectId: (
      await db.project.create({
        data: {
          teamId,
          name: "Matrix U-Net",
          ydocState: encodeNewModelState(laidOutTemplate("unet-small", "U-Net")),
        },
      })
    ).id,
  };
}

/** Two runs of the project: #1 succeeded (an event, log.txt in storage), #2 queued. */
async function makeRuns(teamId: string, projectId: string, versionId: string, authorId: string) {
  const base = { teamId, projectId, versionId, authorId, config: { dataset: "shapes" } };
  const done = await db.run.create({ data: { ...base, number: 1, status: "succeeded" } });
  const queued = await db.run.create({ data: { ...base, number: 2 } });
  await appendRunEvent(db, done.id, { type: "status", status: "succeeded" });
  await runStorage().write(`runs/${done.id}/log.txt`, "epoch 1 done\n");
  return [done.id, queued.id] as const;
}

/** Every row the fixture's people can reach, serialised: equal fingerprints mean nothing changed. */
async function fingerprint(f: TFixture): Promise<string> {
  const userIds = Object.values(f.users).map((u) => u.id);
  const memberships = await db.membership.findMany({
    where: { userId: { in: userIds } },
    orderBy: [{ teamId: "asc" }, { userId: "asc" }],
  });
  const teamIds = [...new Set(memberships.map((m) => m.teamId))].sort();
  const [teams, projects, versions, invites, datasets, runs] = await Promise.all([
    db.team.findMany({ where: { id: { in: teamIds } }, orderBy: { id: "asc" } }),
    db.project.findMany({ where: { teamId: { in: teamIds } }, orderBy: { id: "asc" } }),
    db.projectVersion.findMany({
      where: { project: { teamId: { in: teamIds } } },
      orderBy: { id: "asc" },
    }),
    db.invite.findMany({ where: { teamId: { in: teamIds } }, orderBy: { id: "asc" } }),
    db.dataset.findMany({ where: { teamId: { in: teamIds } }, orderBy: { id: "asc" } }),
    db.run.findMany({ where: { teamId: { in: teamIds } }, orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify(
    { memberships, teams, projects, versions, invites, datasets, runs },
    (_key, value: unknown) => {
      if (typeof value === "bigint") return value.toString();
      if (value instanceof Uint8Array) return createHash("sha256").update(value).digest("hex");
      return value;
    },
  );
}

type THandler = (req: Request, context: { params: Promise<never> }) => Promise<Response>;

interface TCase {
  name: string;
  handler: unknown;
  method: string;
  params: (f: TFixture, actor: TActorKind) => Record<string, string>;
  body?: (f: TFixture, actor: TActorKind) => unknown;
  query?: (f: TFixture) => string;
  allowed: TActorKind[];
  /** Reads change nothing for anybody; mutations change nothing for the denied. */
  mutating: boolean;
  /** A denied actor whose refusal is not about permission (e.g. 409 for the last owner). */
  deniedStatus?: Partial<Record<TActorKind, number>>;
}

const SIGNED_IN: TActorKind[] = ["outsider", "viewer", "editor", "owner"];
const MEMBERS: TActorKind[] = ["viewer", "editor", "owner"];
const WRITERS: TActorKind[] = ["editor", "owner"];
const OWNERS: TActorKind[] = ["owner"];
const noParams = () => ({});
const team = (f: TFixture) => ({ teamId: f.teamId });
const project = (f: TFixture) => ({ projectId: f.projectId });
const stateOf = (name: string) =>
  Buffer.from(encodeNewModelState(laidOutTemplate("lenet5", name))).toString("base64");

/** POST /api/teams/:id/datasets with a valid dataset zip as multipart (callRoute sends JSON). */
const uploadDataset: THandler = async (req, context) => {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(zip(segmentationFiles(2)))]), "data.zip");
  form.set("name", "Matrix data");
  const headers = new Headers();
  const cookie = req.headers.get("cookie");
  if (cookie) headers.set("cookie", cookie);
  const multipart = new Request(req.url, { method: "POST", headers, body: form });
  return teamDatasetsRoute.POST(multipart, context as never);
};

/** Streams and file downloads are not JSON: a 2xx becomes `{ok, type}` for callRoute. */
const asJson =
  (handler: unknown): THandler =>
  async (req, context) => {
    const res = await (handler as THandler)(req, context);
    if (!res.ok) return res;
    const type = res.headers.get("content-type");
    await res.text();
    return Response.json({ ok: true, type }, { status: res.status });
  };

const CASES: TCase[] = [
  {
    name: "POST /api/projects/:id/runs (train)",
    handler: projectRunsRoute.POST,
    method: "POST",
    params: (f) => ({ projectId: f.trainProjectId }),
    body: () => ({ acceptWarnings: true, config: { epochs: 1 } }),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "GET /api/projects/:id/runs",
    handler: projectRunsRoute.GET,
    method: "GET",
    params: project,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/projects/:id/runs (filtered, sorted)",
    handler: projectRunsRoute.GET,
    method: "GET",
    params: project,
    query: () => "?status=succeeded&sort=best&order=asc",
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/projects/:id/runs/leaderboard",
    handler: leaderboardRoute.GET,
    method: "GET",
    params: project,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/runs/:runId",
    handler: runRoute.GET,
    method: "GET",
    params: (f) => ({ runId: f.doneRunId }),
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/runs/:runId/events (SSE)",
    handler: asJson(runEventsRoute.GET),
    method: "GET",
    params: (f) => ({ runId: f.doneRunId }),
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/runs/:runId/artifacts/:name",
    handler: asJson(runArtifactRoute.GET),
    method: "GET",
    params: (f) => ({ runId: f.doneRunId, name: "log.txt" }),
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "POST /api/runs/:runId/cancel",
    handler: cancelRunRoute.POST,
    method: "POST",
    params: (f) => ({ runId: f.queuedRunId }),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "DELETE /api/runs/:runId (finished)",
    handler: runRoute.DELETE,
    method: "DELETE",
    params: (f) => ({ runId: f.doneRunId }),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "GET /api/runs/:runId/metrics (CSV export)",
    handler: asJson(runMetricsRoute.GET),
    method: "GET",
    params: (f) => ({ runId: f.doneRunId }),
    query: () => "?format=csv",
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/runs/compare",
    handler: compareRunsRoute.GET,
    method: "GET",
    params: noParams,
    query: (f) => `?ids=${f.doneRunId},${f.queuedRunId}`,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/runs/compare/metrics (JSON export)",
    handler: asJson(compareRunsMetricsRoute.GET),
    method: "GET",
    params: noParams,
    query: (f) => `?ids=${f.doneRunId},${f.queuedRunId}&format=json`,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "POST /api/teams/:id/datasets (upload)",
    handler: uploadDataset,
    method: "POST",
    params: team,
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "GET /api/datasets?teamId=",
    handler: datasetsRoute.GET,
    method: "GET",
    params: noParams,
    query: (f) => `?teamId=${f.teamId}`,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/teams/:id/datasets",
    handler: teamDatasetsRoute.GET,
    method: "GET",
    params: team,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "POST /api/teams",
    handler: teamsRoute.POST,
    method: "POST",
    params: noParams,
    body: () => ({ name: "New team" }),
    allowed: SIGNED_IN,
    mutating: true,
  },
  {
    name: "PATCH /api/teams/:id",
    handler: teamRoute.PATCH,
    method: "PATCH",
    params: team,
    body: () => ({ name: "Renamed" }),
    allowed: OWNERS,
    mutating: true,
  },
  {
    name: "POST /api/teams/:id/invites",
    handler: invitesRoute.POST,
    method: "POST",
    params: team,
    body: () => ({ email: "new-person@test.layerwise.dev", role: "viewer" }),
    allowed: OWNERS,
    mutating: true,
  },
  {
    name: "DELETE /api/teams/:id/invites/:inviteId",
    handler: inviteRoute.DELETE,
    method: "DELETE",
    params: (f) => ({ teamId: f.teamId, inviteId: f.inviteId }),
    allowed: OWNERS,
    mutating: true,
  },
  {
    name: "PATCH /api/teams/:id/members/:userId (another member)",
    handler: memberRoute.PATCH,
    method: "PATCH",
    params: (f) => ({ teamId: f.teamId, userId: f.users.other.id }),
    body: () => ({ role: "viewer" }),
    allowed: OWNERS,
    mutating: true,
  },
  {
    name: "DELETE /api/teams/:id/members/:userId (another member)",
    handler: memberRoute.DELETE,
    method: "DELETE",
    params: (f) => ({ teamId: f.teamId, userId: f.users.other.id }),
    allowed: OWNERS,
    mutating: true,
  },
  {
    name: "DELETE /api/teams/:id/members/:self (leave)",
    handler: memberRoute.DELETE,
    method: "DELETE",
    params: (f, actor) => ({
      teamId: f.teamId,
      userId: actor === "anonymous" ? f.users.viewer.id : f.users[actor].id,
    }),
    // The owner is the team's only owner: leaving is refused with 409 and changes nothing.
    allowed: ["viewer", "editor"],
    mutating: true,
    deniedStatus: { owner: 409 },
  },
  {
    name: "POST /api/invites/accept (invite to the actor's own email)",
    handler: acceptRoute.POST,
    method: "POST",
    params: noParams,
    body: (f, actor) => ({ token: f.inviteTokens[actor] ?? f.inviteTokens.outsider }),
    allowed: SIGNED_IN,
    mutating: true,
  },
  {
    name: "POST /api/teams/:id/projects",
    handler: teamProjectsRoute.POST,
    method: "POST",
    params: team,
    body: () => ({ name: "Another", template: "unet-small" }),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "PATCH /api/projects/:id",
    handler: projectRoute.PATCH,
    method: "PATCH",
    params: project,
    body: () => ({ name: "Renamed", description: "New words" }),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "DELETE /api/projects/:id",
    handler: projectRoute.DELETE,
    method: "DELETE",
    params: project,
    body: () => ({ confirmName: "Matrix project" }),
    allowed: OWNERS,
    mutating: true,
  },
  {
    name: "POST /api/projects/:id/duplicate",
    handler: duplicateRoute.POST,
    method: "POST",
    params: project,
    body: () => ({}),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "POST /api/projects/:id/move",
    handler: moveRoute.POST,
    method: "POST",
    params: project,
    body: (f) => ({ teamId: f.destinationId }),
    allowed: OWNERS,
    mutating: true,
  },
  {
    name: "POST /api/projects/:id/archive",
    handler: archiveRoute.POST,
    method: "POST",
    params: project,
    body: () => ({ archived: true }),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "PUT /api/projects/:id/model",
    handler: modelRoute.PUT,
    method: "PUT",
    params: project,
    body: () => ({ state: stateOf("Edited") }),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "POST /api/projects/:id/versions",
    handler: versionsRoute.POST,
    method: "POST",
    params: project,
    body: () => ({ message: "Checkpoint" }),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "POST /api/projects/:id/versions/:vid/restore",
    handler: restoreRoute.POST,
    method: "POST",
    params: (f) => ({ projectId: f.projectId, versionId: f.versionIds[0] }),
    allowed: WRITERS,
    mutating: true,
  },
  {
    name: "GET /api/teams/:id",
    handler: teamRoute.GET,
    method: "GET",
    params: team,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/teams/:id/projects",
    handler: teamProjectsRoute.GET,
    method: "GET",
    params: team,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/projects/:id",
    handler: projectRoute.GET,
    method: "GET",
    params: project,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/projects/:id/versions",
    handler: versionsRoute.GET,
    method: "GET",
    params: project,
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/projects/:id/versions/:vid",
    handler: versionRoute.GET,
    method: "GET",
    params: (f) => ({ projectId: f.projectId, versionId: f.versionIds[1] }),
    allowed: MEMBERS,
    mutating: false,
  },
  {
    name: "GET /api/projects/:id/compare",
    handler: compareRoute.GET,
    method: "GET",
    params: project,
    query: (f) => `?before=${f.versionIds[0]}&after=${f.versionIds[1]}`,
    allowed: MEMBERS,
    mutating: false,
  },
];

describe("authorization matrix", () => {
  for (const testCase of CASES) {
    describe(testCase.name, () => {
      for (const kind of ACTORS) {
        const isAllowed = testCase.allowed.includes(kind);
        const deniedStatus = testCase.deniedStatus?.[kind] ?? (kind === "anonymous" ? 401 : 403);
        it(`${kind}: ${isAllowed ? "allowed" : `${deniedStatus}, nothing changes`}`, async () => {
          const f = await makeFixture();
          const before = await fingerprint(f);
          const res = await callRoute(testCase.handler as THandler, {
            method: testCase.method,
            params: testCase.params(f, kind) as never,
            actor: kind === "anonymous" ? null : f.users[kind],
            body: testCase.body?.(f, kind),
            query: testCase.query?.(f),
          });
          const after = await fingerprint(f);
          if (isAllowed) {
            expect(res.status, JSON.stringify(res.json)).toBeGreaterThanOrEqual(200);
            expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
            if (testCase.mutating) expect(after).not.toBe(before);
          } else {
            expect(res.status, JSON.stringify(res.json)).toBe(deniedStatus);
            expect(typeof res.json.error).toBe("string");
            expect(after).toBe(before);
          }
          if (!testCase.mutating) expect(after).toBe(before);
        });
      }
    });
  }
});
