/*
 * The training flow end to end, through the real route handlers, a real trainer process, real
 * Postgres, Redis and PyTorch: submit, watch the SSE events, read metrics and artifacts; cancel
 * while queued and while running; a model with an error refused before it reaches the queue.
 */
import { mkdtempSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TModelFlow } from "@layerwise/graph-core";
import { encodeNewModelState } from "@layerwise/model-doc";
import { pidsWorkingIn } from "@layerwise/server-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projectRunsRoute from "@/app/api/projects/[projectId]/runs/route";
import * as artifactRoute from "@/app/api/runs/[runId]/artifacts/[name]/route";
import * as cancelRoute from "@/app/api/runs/[runId]/cancel/route";
import * as eventsRoute from "@/app/api/runs/[runId]/events/route";
import * as runRoute from "@/app/api/runs/[runId]/route";
import type { TActor } from "@/lib/server-only/actor";
import {
  callRoute,
  makeTeam,
  makeUser,
  sessionCookie,
  testDb,
  unique,
} from "@/lib/server-only/test-helpers";
import { runStorage } from "./run-storage";
import { makeTinyUpload, readSse, spawnTrainer, stopProcess } from "./training-harness";

// The web app and the trainer share this DATA_DIR as local storage (read lazily by webEnv()).
const dataDir = mkdtempSync(join(tmpdir(), "lw-training-flow-"));
process.env.DATA_DIR = dataDir;

const db = testDb();
let owner: TActor;
let viewer: TActor;
let teamId: string;
let datasetId: string;
let trainer: ChildProcess;

function tinyModel(dataset: string, outChannels = 1): TModelFlow {
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "Tiny",
    nodes: [
      { id: "input", type: "Input", params: { shape: [3, 32, 32], dataset } },
      { id: "c1", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
      { id: "r1", type: "ReLU", params: {} },
      { id: "c2", type: "Conv2d", params: { out_channels: outChannels, kernel_size: 1 } },
      { id: "out", type: "Output", params: { task: "binary-segmentation" } },
    ],
    edges: [
      { source: "input", target: "c1" },
      { source: "c1", target: "r1" },
      { source: "r1", target: "c2" },
      { source: "c2", target: "out" },
    ],
  } as TModelFlow;
}

async function makeProject(model: TModelFlow): Promise<string> {
  const project = await db.project.create({
    data: { teamId, name: unique("flow"), ydocState: encodeNewModelState(model) },
  });
  return project.id;
}

async function submit(projectId: string, body: unknown) {
  return callRoute(projectRunsRoute.POST, {
    method: "POST",
    params: { projectId },
    actor: owner,
    body,
  });
}

async function getRun(runId: string) {
  const res = await callRoute(runRoute.GET, { method: "GET", params: { runId }, actor: owner });
  return res.json.run as Record<string, unknown> & { status: string };
}

async function waitForRun(
  runId: string,
  ok: (run: { status: string }) => boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(runId);
    if (ok(run)) return run;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function events(runId: string, lastEventId?: number): Promise<Response> {
  const headers = new Headers({ cookie: await sessionCookie(owner) });
  if (lastEventId) headers.set("last-event-id", String(lastEventId));
  const req = new Request(`http://localhost:3000/api/runs/${runId}/events`, { headers });
  return eventsRoute.GET(req, { params: Promise.resolve({ runId }) });
}

beforeAll(async () => {
  owner = await makeUser("flow-owner");
  viewer = await makeUser("flow-viewer");
  teamId = await makeTeam("flow-team", [
    [owner, "owner"],
    [viewer, "viewer"],
  ]);
  datasetId = await makeTinyUpload(db, runStorage(), teamId);
  trainer = await spawnTrainer({
    DATA_DIR: dataDir,
    TRAINER_QUEUE_PREFIX: unique("flow"),
    TRAINER_TEAMS: teamId,
    TRAINING_MAX_RUNNING_PER_TEAM: "1",
  });
}, 120_000);

afterAll(async () => {
  if (trainer) await stopProcess(trainer);
  await db.run.deleteMany({ where: { teamId } });
}, 60_000);

describe("training through the HTTP API", () => {
  it("submits a run, streams its events, stores metrics and artifacts, and succeeds", async () => {
    const projectId = await makeProject(tinyModel(datasetId));
    const pressed = Date.now();
    const res = await submit(projectId, { config: { epochs: 2, lr: 0.02, batch_size: 8 } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const run = res.json.run as {
      id: string;
      status: string;
      queuePosition: number;
      versionId: string;
    };
    expect(run.status).toBe("queued");
    expect(run.queuePosition).toBeGreaterThanOrEqual(1);
    expect((await db.projectVersion.findUniqueOrThrow({ where: { id: run.versionId } })).kind).toBe(
      "run",
    );

    let firstStepAt = 0;
    const stream = await events(run.id);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const all = await readSse(stream, (e) => {
      if (e.data.type === "progress" && !firstStepAt) firstStepAt = Date.now();
    });
    console.info(
      `training flow: Train → first training step ${((firstStepAt - pressed) / 1000).toFixed(1)} s`,
    );
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    const types = all.map((e) => e.data.type);
    for (const t of ["start", "progress", "epoch", "end"]) expect(types).toContain(t);
    expect(all.at(-1)!.data).toMatchObject({ type: "status", status: "succeeded" });

    const done = await getRun(run.id);
    expect(done).toMatchObject({ status: "succeeded", epochsDone: 2 });
    const epochs = done.epochs as { epoch: number; val_iou: number }[];
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(Math.max(...epochs.map((e) => e.val_iou))).toBeGreaterThan(0.3);

    const resumed = await readSse(await events(run.id, 3));
    expect(resumed[0]!.id).toBe(4);
    expect(resumed.length).toBe(all.length - 3);

    const code = await artifactRoute.GET(
      new Request("http://localhost:3000/x", { headers: { cookie: await sessionCookie(viewer) } }),
      { params: Promise.resolve({ runId: run.id, name: "model.py" }) },
    );
    expect(code.status).toBe(200);
    expect(await code.text()).toContain("class Tiny(nn.Module)");
    const csv = await artifactRoute.GET(
      new Request("http://localhost:3000/x", { headers: { cookie: await sessionCookie(owner) } }),
      { params: Promise.resolve({ runId: run.id, name: "metrics.csv" }) },
    );
    expect((await csv.text()).trim().split("\n")).toHaveLength(3);
  }, 240_000);

  it("refuses a model with an error with 422 and its diagnostics, queueing nothing", async () => {
    const projectId = await makeProject(tinyModel(datasetId, 3));
    const res = await submit(projectId, {});
    expect(res.status).toBe(422);
    expect(res.json.error).toMatch(/1 error/);
    expect(res.json.diagnostics).toEqual([
      expect.objectContaining({ code: "task-mismatch", severity: "error", node: "out" }),
    ]);
    expect(await db.run.count({ where: { projectId } })).toBe(0);
    expect(await db.projectVersion.count({ where: { projectId } })).toBe(0);
  });

  it("cancels a queued run at once and a running run within 5 s, freeing the device", async () => {
    const projectId = await makeProject(tinyModel(datasetId));
    const long = await submit(projectId, { config: { epochs: 500 } });
    const longId = (long.json.run as { id: string }).id;
    await waitForRun(longId, (r) => r.status === "running", 120_000);
    const runDir = join(dataDir, "work", "runs", longId);
    for (const deadline = Date.now() + 60_000; pidsWorkingIn(runDir).length === 0;) {
      if (Date.now() > deadline) throw new Error(`no runner process works in ${runDir}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // One run per team at a time (TRAINING_MAX_RUNNING_PER_TEAM=1): this one waits.
    const waiting = await submit(projectId, { config: { epochs: 1 } });
    const waitingId = (waiting.json.run as { id: string }).id;
    const cancelQueued = await callRoute(cancelRoute.POST, {
      method: "POST",
      params: { runId: waitingId },
      actor: owner,
    });
    expect(cancelQueued.status).toBe(202);
    expect(cancelQueued.json.run).toMatchObject({ status: "cancelled" });

    const viewerCancel = await callRoute(cancelRoute.POST, {
      method: "POST",
      params: { runId: longId },
      actor: viewer,
    });
    expect(viewerCancel.status).toBe(403);
    const asked = Date.now();
    const cancelRunning = await callRoute(cancelRoute.POST, {
      method: "POST",
      params: { runId: longId },
      actor: owner,
    });
    expect(cancelRunning.status).toBe(202);
    await waitForRun(longId, (r) => r.status === "cancelled", 5000);
    console.info(`training flow: cancel of a running run took ${Date.now() - asked} ms`);
    expect(pidsWorkingIn(runDir), "runner processes left after cancel").toEqual([]);
    expect((await getRun(waitingId)).status).toBe("cancelled");
  }, 240_000);
});
