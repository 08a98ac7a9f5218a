/*
 * For the training flow tests: a real trainer process (apps/trainer's entry point, spawned —
 * apps never import each other) limited to the test's team, and a tiny real dataset stored like
 * an upload. Imported only by *.test.ts files.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { PrismaClient } from "@layerwise/db";
import { uploadDir, type TStorage } from "@layerwise/storage";

const exec = promisify(execFile);
const TRAINER_DIR = fileURLToPath(new URL("../../../../trainer", import.meta.url));
const FIXTURE = join(TRAINER_DIR, "test", "fixtures", "make_tiny_dataset.py");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Starts `apps/trainer/src/index.ts` as its own process for `teamId`'s runs only. */
export async function spawnTrainer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
    cwd: TRAINER_DIR,
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      TRAINER_HEALTH_PORT: String(await freePort()),
      TRAINER_CPU_THREADS: "1",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

/** Stops a spawned process and waits for it to be gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The trainer's tiny discs dataset (32×32), stored and recorded as `teamId`'s upload. */
export async function makeTinyUpload(
  db: PrismaClient,
  storage: TStorage,
  teamId: string,
): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), "lw-web-tiny-")), "ds");
  await exec("python3", [FIXTURE, dir, "40", "32"], {
    env: { ...process.env, PYTHONPATH: join(TRAINER_DIR, "python") },
  });
  const row = await db.dataset.create({
    data: {
      teamId,
      name: "Tiny discs",
      task: "binary-segmentation",
      source: "upload",
      count: 40,
      trainCount: 32,
      valCount: 8,
      sampleShape: [3, 32, 32],
      classes: ["background", "disc"],
      stats: {},
      storageKey: "pending",
      checksum: "",
      sizeBytes: 0n,
    },
  });
  await uploadDir(storage, dir, `datasets/${row.id}`);
  const manifest = JSON.parse(
    (await storage.read(`datasets/${row.id}/manifest.json`))!.toString(),
  ) as { checksum: string };
  await db.dataset.update({
    where: { id: row.id },
    data: { storageKey: `datasets/${row.id}`, checksum: manifest.checksum },
  });
  return row.id;
}

/** One Server-Sent Event as the stream framed it. */
export interface TSseEvent {
  id: number;
  data: Record<string, unknown>;
}

/** Reads an SSE response to its end (the server closes it after the final status). */
export async function readSse(
  res: Response,
  onEvent: (e: TSseEvent) => void = () => undefined,
): Promise<TSseEvent[]> {
  const events: TSseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = res.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const id = /^id: (\d+)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (id && data) {
        const event = { id: Number(id), data: JSON.parse(data) as Record<string, unknown> };
        events.push(event);
        onEvent(event);
      }
    }
  }
  return events;
}
