/*
 * Shared by the trainer's integration tests: a real team/project/version/run in the test
 * database, a tiny real dataset in a real store, and condition waits (never fixed sleeps).
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { appendRunEvent, type PrismaClient, type Run } from "@layerwise/db";
import { analyze, type TModelFlow } from "@layerwise/graph-core";
import { ZRunConfig, type TRunConfigInput } from "@layerwise/protocol";
import { createLogger } from "@layerwise/server-kit";
import { uploadDir, type TStorage } from "@layerwise/storage";
import { PYTHON_DIR } from "../src/runs/runner-process";

const exec = promisify(execFile);
const FIXTURE = fileURLToPath(new URL("./fixtures/make_tiny_dataset.py", import.meta.url));

export const quietLog = createLogger("trainer-test", "error");
export const suffix = () => randomBytes(4).toString("hex");

/** A conv net small enough to train in a second: Input → Conv 8 → ReLU → Conv 1 → Output. */
export function tinyModel(datasetId: string, size = 32): TModelFlow {
  return {
    format: "layerwise.model-flow",
    version: 1,
    name: "Tiny",
    nodes: [
      { id: "input", type: "Input", params: { shape: [3, size, size], dataset: datasetId } },
      { id: "c1", type: "Conv2d", params: { out_channels: 8, kernel_size: 3, padding: 1 } },
      { id: "r1", type: "ReLU", params: {} },
      { id: "c2", type: "Conv2d", params: { out_channels: 1, kernel_size: 1 } },
      {
        id: "out",
        type: "Output",
        params: { task: "binary-segmentation", loss: "BCEWithLogitsLoss" },
      },
    ],
    edges: [
      { source: "input", target: "c1" },
      { source: "c1", target: "r1" },
      { source: "r1", target: "c2" },
      { source: "c2", target: "out" },
    ],
  } as TModelFlow;
}

/** A user, a team and a project in the test database. */
export async function makeWorld(db: PrismaClient) {
  const user = await db.user.create({
    data: { email: `trainer-${suffix()}@test.layerwise.dev`, name: "Trainer test" },
  });
  const team = await db.team.create({
    data: { name: `trainer-${suffix()}`, members: { create: { userId: user.id, role: "owner" } } },
  });
  const project = await db.project.create({ data: { teamId: team.id, name: "Trainer test" } });
  return { userId: user.id, teamId: team.id, projectId: project.id };
}
export type TWorld = Awaited<ReturnType<typeof makeWorld>>;

/** Generates the tiny discs dataset, stores it like an upload, and records its row. */
export async function makeTinyDataset(
  db: PrismaClient,
  storage: TStorage,
  teamId: string,
  count = 40,
): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), "lw-tiny-")), "ds");
  await exec("python3", [FIXTURE, dir, String(count), "32"], {
    env: { ...process.env, PYTHONPATH: PYTHON_DIR },
  });
  const row = await db.dataset.create({
    data: {
      teamId,
      name: "Tiny discs",
      task: "binary-segmentation",
      source: "upload",
      count,
      trainCount: count - Math.max(2, Math.floor(count / 5)),
      valCount: Math.max(2, Math.floor(count / 5)),
      sampleShape: [3, 32, 32],
      classes: ["background", "disc"],
      stats: {},
      storageKey: "pending",
      checksum: "",
      sizeBytes: 0n,
    },
  });
  const prefix = `datasets/${row.id}`;
  await uploadDir(storage, dir, prefix);
  const manifest = JSON.parse((await storage.read(`${prefix}/manifest.json`))!.toString()) as {
    checksum: string;
  };
  await db.dataset.update({
    where: { id: row.id },
    data: { storageKey: prefix, checksum: manifest.checksum },
  });
  return row.id;
}

/** Snapshots `model` as a `run` version and queues a run of it, as the web app does. */
export async function queueRun(
  db: PrismaClient,
  world: TWorld,
  model: TModelFlow,
  config: TRunConfigInput & { dataset: string },
): Promise<Run> {
  const analysis = analyze(model);
  const last = await db.run.findFirst({
    where: { projectId: world.projectId },
    orderBy: { number: "desc" },
  });
  const number = (last?.number ?? 0) + 1;
  const version = await db.projectVersion.create({
    data: {
      projectId: world.projectId,
      number,
      message: `Run #${number}`,
      kind: "run",
      model: model as object,
      totalParams: BigInt(analysis.totalParams),
      errorCount: analysis.errorCount,
      warningCount: analysis.warningCount,
      diagnostics: [],
    },
  });
  const { dataset, ...rest } = config;
  const run = await db.run.create({
    data: {
      projectId: world.projectId,
      teamId: world.teamId,
      number,
      versionId: version.id,
      authorId: world.userId,
      datasetId: dataset,
      config: { ...ZRunConfig.parse({ threads: 1, ...rest }), dataset },
    },
  });
  await appendRunEvent(db, run.id, { type: "status", status: "queued" });
  return run;
}

/** Polls `probe` until it returns a value (not undefined/false) or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false | null>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until a run reaches a status (or any of several). */
export function waitForStatus(
  db: PrismaClient,
  runId: string,
  statuses: string[],
  timeoutMs = 90_000,
) {
  return waitFor(
    `run ${runId} to be ${statuses.join("|")}`,
    async () => {
      const run = await db.run.findUnique({ where: { id: runId } });
      return run && statuses.includes(run.status) ? run : undefined;
    },
    timeoutMs,
  );
}
