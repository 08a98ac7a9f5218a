import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { TLogger } from "@layerwise/server-kit";
import { computeSummary } from "./summary-compute";

/** A request to the summary worker: a document as one Yjs update. */
export interface TSummaryRequest {
  id: number;
  state: Uint8Array;
}

/** The worker's answer: the summary JSON, null for an invalid model (or an error). */
export interface TSummaryReply {
  id: number;
  summary: string | null;
  error?: string;
}

/** Computes dashboard summaries; `close` stops the worker. */
export interface TSummaryComputer {
  compute(state: Uint8Array): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * How the worker thread is started. Bundled (`dist/index.js`), the worker is the bundle
 * `dist/summary-worker.js` beside it; run from sources (tsx, Vitest), it is `summary-worker.ts`,
 * loaded through tsx's loader, which Node 20 does not pass on to worker threads by itself.
 */
function workerSource(): { source: string | URL; eval: boolean } | null {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const entry = JSON.stringify(new URL("./summary-worker.ts", here).href);
    return {
      source: `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${entry}); });`,
      eval: true,
    };
  }
  const file = new URL("./summary-worker.js", here);
  return existsSync(fileURLToPath(file)) ? { source: file, eval: false } : null;
}

/**
 * One worker thread for the instance's summaries, started on first use and again after it
 * dies. Where no worker file exists (a bundle built without it), summaries are computed
 * inline, which is correct but blocks the event loop while it runs.
 */
export function createSummaryComputer(log: TLogger): TSummaryComputer {
  const source = workerSource();
  if (!source) log.warn("summary worker not found: summaries are computed on the event loop");
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (s: string | null) => void; reject: (e: Error) => void }
  >();

  const fail = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    worker = null;
  };
  const start = (): Worker => {
    const w = new Worker(source!.source, { eval: source!.eval });
    w.unref();
    w.on("message", (reply: TSummaryReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error) log.warn("summary failed", { error: reply.error });
      p?.resolve(reply.summary);
    });
    w.on("error", (error) => {
      log.warn("summary worker failed", { error: String(error) });
      if (worker === w) fail(error);
    });
    w.on("exit", (code) => {
      if (worker === w) fail(new Error(`summary worker exited (${code})`));
    });
    return w;
  };

  return {
    async compute(state) {
      if (!source) return computeSummary(state);
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise<string | null>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, state } satisfies TSummaryRequest);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      fail(new Error("summary worker closed"));
      await w?.terminate();
    },
  };
}
