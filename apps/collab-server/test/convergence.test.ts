import { analyze } from "@layerwise/graph-core";
import {
  addNode,
  connect as connectEdge,
  docToModelFlow,
  moveNodes,
  removeNodes,
  setParam,
} from "@layerwise/model-doc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import {
  canonical,
  connect,
  makeWorld,
  startServer,
  storedDoc,
  testDb,
  tokenFor,
  type TClient,
  type TRunning,
} from "./harness";

/*
 * Randomized convergence: peers on two instances apply random model edits with random
 * disconnects (editing offline meanwhile); all end with identical documents, identical to what
 * Postgres holds, and identical graph-core analyses.
 */
let one: TRunning;
let two: TRunning;

beforeAll(async () => {
  [one, two] = await Promise.all([startServer(), startServer()]);
});
afterAll(async () => {
  await Promise.all([one.stop(), two.stop()]);
  await testDb().$disconnect();
});

/** A small seeded generator, so a failure can be replayed from the printed seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ["ReLU", "Conv2d", "BatchNorm2d", "MaxPool2d", "Linear"] as const;

function randomEdit(doc: Y.Doc, peer: number, step: number, r: () => number): void {
  const ids = [...doc.getMap("nodes").keys()];
  const pick = () => ids[Math.floor(r() * ids.length)]!;
  const choice = r();
  if (choice < 0.3 && ids.length > 0) {
    setParam(doc, pick(), r() < 0.5 ? "out_channels" : "kernel_size", 1 + Math.floor(r() * 8));
  } else if (choice < 0.5) {
    const type = TYPES[Math.floor(r() * TYPES.length)]!;
    addNode(doc, { id: `n${peer}_${step}`, type, params: {} });
  } else if (choice < 0.65 && ids.length > 1) {
    connectEdge(doc, { source: pick(), target: pick() });
  } else if (choice < 0.75 && ids.length > 3) {
    removeNodes(doc, [pick()], { heal: r() < 0.5 });
  } else if (ids.length > 0) {
    moveNodes(doc, new Map([[pick(), { x: Math.round(r() * 800), y: Math.round(r() * 600) }]]));
  }
}

/**
 * What graph-core says, in a comparable form. A node's diagnostics are compared as a set: their
 * order follows the order of its params, and Y.Map iteration order (which model-doc's yToNode
 * uses) depends on the order a peer integrated concurrent sets — content equal, order not.
 */
function analysisOf(doc: Y.Doc): string {
  const a = analyze(docToModelFlow(doc));
  const sorted = (ds: readonly unknown[]) => ds.map((d) => canonical(d)).sort();
  return canonical({
    nodes: [...a.nodes].map(([id, n]) => [id, n.shape, n.params, sorted(n.diagnostics)]),
    diagnostics: a.diagnostics,
    totalParams: a.totalParams,
    errorCount: a.errorCount,
  });
}

describe("randomized convergence", () => {
  it("peers with random edits and disconnects converge on the same model and analysis", async () => {
    const seed = Number(process.env.CONVERGENCE_SEED ?? Date.now() % 100_000);
    const r = rng(seed);
    const world = await makeWorld();
    const pid = world.project.id;
    const peers: TClient[] = [];
    for (let i = 0; i < 4; i++) {
      const server = i % 2 === 0 ? one : two;
      peers.push(connect(server.url, pid, await tokenFor(world.editor, pid, "editor")));
    }
    try {
      for (const p of peers)
        await expect.poll(() => p.provider.synced, { timeout: 15_000 }).toBe(true);
      for (let step = 0; step < 120; step++) {
        const i = Math.floor(r() * peers.length);
        const peer = peers[i]!;
        if (r() < 0.08) {
          if (peer.provider.shouldConnect) peer.provider.disconnect();
          else peer.provider.connect();
        }
        randomEdit(peer.doc, i, step, r);
        // Peers edit at human-ish pace, interleaved with the network.
        if (step % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      for (const p of peers) if (!p.provider.shouldConnect) p.provider.connect();
      for (const p of peers) await expect.poll(() => p.isSaved(), { timeout: 20_000 }).toBe(true);
      const stored = await storedDoc(pid);
      const model = canonical(docToModelFlow(stored));
      for (const p of peers) {
        await expect
          .poll(() => canonical(docToModelFlow(p.doc)), {
            timeout: 20_000,
            message: `seed ${seed}`,
          })
          .toBe(model);
        expect(analysisOf(p.doc), `seed ${seed}`).toBe(analysisOf(stored));
      }
    } finally {
      for (const p of peers) p.destroy();
    }
  }, 90_000);
});
