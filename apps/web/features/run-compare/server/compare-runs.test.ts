import type { TModelFlow } from "@layerwise/graph-core";
import { encodeNewModelState } from "@layerwise/model-doc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as compareMetricsRoute from "@/app/api/runs/compare/metrics/route";
import * as compareRoute from "@/app/api/runs/compare/route";
import * as runMetricsRoute from "@/app/api/runs/[runId]/metrics/route";
import * as runRoute from "@/app/api/runs/[runId]/route";
import { laidOutTemplate } from "@/features/projects/server/load-project-model";
import { runStorage } from "@/features/training/server/run-storage";
import { insertVersion } from "@/features/versions/server/create-version";
import type { TActor } from "@/lib/server-only/actor";
import {
  callRoute,
  makeTeam,
  makeUser,
  sessionCookie,
  testDb,
} from "@/lib/server-only/test-helpers";
import type { TRunComparison } from "./compare-runs";

const db = testDb();
let owner: TActor;
let viewer: TActor;
let outsider: TActor;
let teamId: string;
let projectId: string;
let otherProjectRunId: string;
/** Runs #1 (baseline model), #2 (wider first conv + a Dropout2d), #3 (baseline model, running). */
let runIds: string[];

/** U-Net small with enc1_conv1 at 24 channels and a Dropout2d spliced in before the head. */
function improved(model: TModelFlow): TModelFlow {
  return {
    ...model,
    nodes: [
      ...model.nodes.map((n) =>
        n.id === "enc1_conv1" ? { ...n, params: { ...n.params, out_channels: 24 } } : n,
      ),
      { id: "drop", type: "Dropout2d", params: { p: 0.2 } },
    ],
    edges: [
      ...model.edges.filter((e) => !(e.source === "dec1_relu2" && e.target === "head")),
      { source: "dec1_relu2", target: "drop" },
      { source: "drop", target: "head" },
    ],
  };
}

const epochRows = (runId: string, ious: number[]) =>
  ious.map((iou, i) => ({
    runId,
    epoch: i + 1,
    trainLoss: 1 - iou,
    valLoss: 1.1 - iou,
    valIou: iou,
    valDice: Math.min(1, iou + 0.1),
    lr: 0.001,
    seconds: 2.5,
    imagesPerS: 10,
  }));

beforeAll(async () => {
  [owner, viewer, outsider] = await Promise.all([
    makeUser("cmp-owner"),
    makeUser("cmp-viewer"),
    makeUser("cmp-outsider"),
  ]);
  teamId = await makeTeam("cmp-team", [
    [owner, "owner"],
    [viewer, "viewer"],
  ]);
  const base = laidOutTemplate("unet-small", "U-Net");
  const project = await db.project.create({
    data: { teamId, name: "Compare", ydocState: encodeNewModelState(base) },
  });
  projectId = project.id;
  const v1 = await insertVersion(db, {
    projectId,
    authorId: owner.id,
    message: "a",
    kind: "run",
    model: base,
  });
  const v2 = await insertVersion(db, {
    projectId,
    authorId: owner.id,
    message: "b",
    kind: "run",
    model: improved(base),
  });
  const common = { projectId, teamId, authorId: owner.id };
  const runs = [
    {
      number: 1,
      versionId: v1.id,
      status: "succeeded" as const,
      config: { dataset: "nuclei", lr: 0.001 },
    },
    {
      number: 2,
      versionId: v2.id,
      status: "succeeded" as const,
      config: { dataset: "nuclei", lr: 0.0005 },
    },
    {
      number: 3,
      versionId: v1.id,
      status: "running" as const,
      config: { dataset: "nuclei", lr: 0.001 },
    },
  ];
  runIds = [];
  for (const r of runs) runIds.push((await db.run.create({ data: { ...common, ...r } })).id);
  await db.runEpoch.createMany({
    data: [...epochRows(runIds[0]!, [0.3, 0.4]), ...epochRows(runIds[1]!, [0.35, 0.5, 0.55])],
  });
  const elsewhere = await db.project.create({
    data: { teamId, name: "Elsewhere", ydocState: encodeNewModelState(base) },
  });
  const v = await insertVersion(db, {
    projectId: elsewhere.id,
    authorId: owner.id,
    message: "x",
    kind: "run",
    model: base,
  });
  otherProjectRunId = (
    await db.run.create({
      data: { ...common, projectId: elsewhere.id, number: 1, versionId: v.id, config: {} },
    })
  ).id;
});
afterAll(async () => {
  await db.run.deleteMany({ where: { teamId } });
});

const compare = (actor: TActor | null, query: string) =>
  callRoute(compareRoute.GET as never, { method: "GET", params: {} as never, actor, query });

describe("GET /api/runs/compare", () => {
  it("returns the runs with their epochs and graph-core's diff of their models", async () => {
    const res = await compare(viewer, `?ids=${runIds[0]},${runIds[1]}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const body = res.json as unknown as TRunComparison;
    expect(body.projectId).toBe(projectId);
    expect(body.baselineId).toBe(runIds[0]);
    expect(body.runs.map((r) => r.number)).toEqual([1, 2]);
    expect(body.runs[1]!.epochs.map((e) => e.val_iou)).toEqual([0.35, 0.5, 0.55]);
    expect(body.runs[1]!.version.number).toBe(2);
    expect(body.diffs).toHaveLength(1);
    const { diff } = body.diffs[0]!;
    expect(body.diffs[0]!.runId).toBe(runIds[1]);
    expect(diff.added).toEqual(["drop"]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([{ id: "enc1_conv1", params: { out_channels: [16, 24] } }]);
    expect(diff.edges.added).toHaveLength(2);
  });

  it("diffs against the chosen baseline, and finds nothing between runs of one model", async () => {
    const res = await compare(owner, `?ids=${runIds.join(",")}&baseline=${runIds[1]}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const body = res.json as unknown as TRunComparison;
    expect(body.diffs.map((d) => d.runId)).toEqual([runIds[0], runIds[2]]);
    for (const { diff } of body.diffs) {
      expect(diff.removed).toEqual(["drop"]);
      expect(diff.changed).toEqual([{ id: "enc1_conv1", params: { out_channels: [24, 16] } }]);
    }
    const same = await compare(owner, `?ids=${runIds[0]},${runIds[2]}`);
    const sameDiff = (same.json as unknown as TRunComparison).diffs[0]!.diff;
    expect([sameDiff.added, sameDiff.removed, sameDiff.changed]).toEqual([[], [], []]);
  });

  it("refuses with a clear 400, 401, 403 or 404", async () => {
    const cases: [TActor | null, string, number, RegExp][] = [
      [owner, `?ids=${runIds[0]}`, 400, /2 to 5 runs/],
      [owner, `?ids=${[...runIds, "a", "b", "c"].join(",")}`, 400, /2 to 5 runs/],
      [owner, `?ids=${runIds[0]},${runIds[0]}`, 400, /only once/],
      [owner, "", 400, /2 to 5 runs/],
      [owner, `?ids=${runIds[0]},${otherProjectRunId}`, 400, /one project/],
      [owner, `?ids=${runIds[0]},${runIds[1]}&baseline=${runIds[2]}`, 400, /baseline/],
      [owner, `?ids=${runIds[0]},nosuchrun`, 404, /nosuchrun/],
      [outsider, `?ids=${runIds[0]},${runIds[1]}`, 403, /not a member/],
      [null, `?ids=${runIds[0]},${runIds[1]}`, 401, /Sign in/],
    ];
    for (const [actor, query, status, message] of cases) {
      const res = await compare(actor, query);
      expect(res.status, `${query}: ${JSON.stringify(res.json)}`).toBe(status);
      expect(String(res.json.error)).toMatch(message);
    }
  });
});

async function download(handler: unknown, actor: TActor, query: string, params: object = {}) {
  const req = new Request(`http://localhost:3000/api/test${query}`, {
    headers: { cookie: await sessionCookie(actor) },
  });
  const res = await (handler as (r: Request, c: { params: Promise<object> }) => Promise<Response>)(
    req,
    { params: Promise.resolve(params) },
  );
  return { res, text: await res.text() };
}

describe("metrics exports", () => {
  it("a run's epochs as CSV with wall time, and as JSON (viewers too)", async () => {
    const { res, text } = await download(runMetricsRoute.GET, viewer, "?format=csv", {
      runId: runIds[0],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain('filename="run-1-metrics.csv"');
    expect(text.split("\r\n")).toEqual([
      "run,epoch,train_loss,val_loss,val_iou,val_dice,val_acc,lr,seconds,wall_s,images_per_s",
      "1,1,0.7,0.8,0.3,0.4,,0.001,2.5,2.5,10",
      "1,2,0.6,0.7000000000000001,0.4,0.5,,0.001,2.5,5,10",
      "",
    ]);
    const json = await download(runMetricsRoute.GET, viewer, "?format=json", { runId: runIds[0] });
    const parsed = JSON.parse(json.text) as { runs: { number: number; epochs: unknown[] }[] };
    expect(parsed.runs.map((r) => [r.number, r.epochs.length])).toEqual([[1, 2]]);
    const bad = await download(runMetricsRoute.GET, viewer, "?format=xlsx", { runId: runIds[0] });
    expect(bad.res.status).toBe(400);
  });

  it("a comparison's epochs, one row per run and epoch", async () => {
    const { res, text } = await download(
      compareMetricsRoute.GET,
      viewer,
      `?ids=${runIds[1]},${runIds[0]}&format=csv`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain('filename="runs-2-1-metrics.csv"');
    const rows = text.trim().split("\r\n").slice(1);
    expect(rows.map((r) => r.split(",").slice(0, 2).join(":"))).toEqual([
      "2:1",
      "2:2",
      "2:3",
      "1:1",
      "1:2",
    ]);
  });
});

describe("DELETE /api/runs/:runId", () => {
  it("refuses a running run with 409 and a viewer with 403; deletes a finished one with its files", async () => {
    const del = (actor: TActor, runId: string) =>
      callRoute(runRoute.DELETE as never, { method: "DELETE", params: { runId } as never, actor });
    const running = await del(owner, runIds[2]!);
    expect(running.status).toBe(409);
    expect(String(running.json.error)).toMatch(/cancel it first/);
    const base = laidOutTemplate("unet-small", "U-Net");
    const version = await db.projectVersion.findFirstOrThrow({ where: { projectId, number: 1 } });
    const doomed = await db.run.create({
      data: {
        projectId,
        teamId,
        number: 9,
        versionId: version.id,
        status: "failed",
        config: { model: base.name },
      },
    });
    await db.runEpoch.createMany({ data: epochRows(doomed.id, [0.1]) });
    await db.runEvent.create({ data: { runId: doomed.id, seq: 1, type: "log", data: {} } });
    await runStorage().write(`runs/${doomed.id}/log.txt`, "bye\n");
    await runStorage().write(`runs/${doomed.id}/metrics.csv`, "epoch\n1\n");
    expect((await del(viewer, doomed.id)).status).toBe(403);
    expect(await db.run.count({ where: { id: doomed.id } })).toBe(1);

    const res = await del(owner, doomed.id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.deleted).toEqual({ id: doomed.id, number: 9, files: 2 });
    expect(await db.run.count({ where: { id: doomed.id } })).toBe(0);
    expect(await db.runEpoch.count({ where: { runId: doomed.id } })).toBe(0);
    expect(await db.runEvent.count({ where: { runId: doomed.id } })).toBe(0);
    expect(await runStorage().list(`runs/${doomed.id}`)).toEqual([]);
    // The version it trained stays in the project's history.
    expect(await db.projectVersion.count({ where: { id: version.id } })).toBe(1);
    expect((await del(owner, doomed.id)).status).toBe(404);
  });
});
