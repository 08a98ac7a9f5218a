import { docToModelFlow, setParam } from "@layerwise/model-doc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  canonical,
  connect,
  makeWorld,
  paramsOf,
  storedDoc,
  testDb,
  tokenFor,
  type TClient,
} from "./harness";
import { bundleServer, freePort, spawnChild, type TChild } from "./process";

/*
 * Durability under SIGKILL: the real server process is killed at random moments of a scripted
 * edit load, 20 times, and restarted. Every update it acknowledged (message 100) must be in
 * Postgres afterwards; every client reconnects by itself and converges, offline edits included.
 */
const ROUNDS = 20;
const CLIENTS = 3;

let bundle: ReturnType<typeof bundleServer>;
let child: TChild | null = null;
/**
 * The next processes, loaded and waiting, so a restart does not wait for a Node start (seconds
 * on a busy machine, more than a round of edits takes).
 */
const STANDBYS = 2;
const standbys: Promise<TChild>[] = [];

beforeAll(() => {
  bundle = bundleServer("fault");
});
afterAll(async () => {
  await child?.kill();
  for (const next of standbys.splice(0)) await (await next.catch(() => null))?.kill();
  bundle.remove();
  await testDb().$disconnect();
});

/** One scripted editor: numbered edits, each remembered with the clock that proves it stored. */
interface TEditor {
  client: TClient;
  /** [param name, value, clock after the edit] */
  edits: [string, number, number][];
}

function edit(e: TEditor, index: number, n: number): void {
  const name = `p${index}_${n}`;
  setParam(e.client.doc, "c1", name, n);
  e.edits.push([name, n, Y.getState(e.client.doc.store, e.client.doc.clientID)]);
}

/** Edits this client's server acknowledged so far (covered by a "persisted" state vector). */
function acknowledged(e: TEditor): string[] {
  const stored = e.client.persisted.get(e.client.doc.clientID) ?? 0;
  return e.edits.filter(([, , clock]) => clock <= stored).map(([name]) => name);
}

const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

describe("SIGKILL at random moments", () => {
  it(`loses no acknowledged update over ${ROUNDS} kills; clients reconnect and converge`, async () => {
    const world = await makeWorld();
    const pid = world.project.id;
    const port = await freePort();
    child = await spawnChild(bundle.file, port);
    await child.listen();
    for (let i = 0; i < STANDBYS; i++) standbys.push(spawnChild(bundle.file, port));
    const editors: TEditor[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const token = await tokenFor(world.editor, pid, "editor", { ttl: "10m" });
      editors.push({ client: connect(child.url, pid, token), edits: [] });
    }
    try {
      for (const e of editors)
        await expect.poll(() => e.client.provider.synced, { timeout: 20_000 }).toBe(true);
      let n = 0;
      let ackedBeforeKills = 0;
      for (let round = 0; round < ROUNDS; round++) {
        // Every earlier edit acknowledged first (a condition, so a slow machine still tests
        // something): each kill then has acknowledged updates that must survive it.
        for (const e of editors)
          await expect.poll(() => e.client.isSaved(), { timeout: 30_000 }).toBe(true);
        // A burst of edits from every client; the kill lands at a random moment inside it.
        const killAfter = random(0, 12);
        for (let step = 0; step < 12; step++) {
          if (step === killAfter) {
            const mustSurvive = editors.flatMap(acknowledged);
            ackedBeforeKills += mustSurvive.length;
            await child.kill();
            child = null;
            // Offline edits, made while no server runs.
            editors.forEach((e, i) => edit(e, i, n++));
            child = await standbys.shift()!;
            await child.listen();
            standbys.push(spawnChild(bundle.file, port));
            const stored = paramsOf(await storedDoc(pid), "c1");
            for (const name of mustSurvive) expect(stored, `round ${round}`).toHaveProperty(name);
          }
          editors.forEach((e, i) => edit(e, i, n++));
          // The load's pace (not a wait for anything): a few ms between keystrokes.
          await new Promise((r) => setTimeout(r, random(0, 25)));
        }
      }
      // Every client reconnected by itself, everything was acknowledged, and all agree.
      for (const e of editors)
        await expect.poll(() => e.client.isSaved(), { timeout: 30_000 }).toBe(true);
      const stored = await storedDoc(pid);
      const expected = canonical(docToModelFlow(stored));
      for (const e of editors) {
        await expect
          .poll(() => canonical(docToModelFlow(e.client.doc)), { timeout: 30_000 })
          .toBe(expected);
      }
      const params = paramsOf(stored, "c1");
      for (const e of editors)
        for (const [name, value] of e.edits) expect(params[name]).toBe(value);
      expect(ackedBeforeKills).toBeGreaterThan(0);
    } finally {
      for (const e of editors) e.client.destroy();
    }
    // A round waits for three reconnects and their acknowledgements: seconds each on the shared
    // 2-vCPU VM at a load average of 15-20, where 20 rounds took 150-200 s (with or without the
    // changes of the day), past the former 180 s limit. The waits inside bound each step.
  }, 420_000);
});
