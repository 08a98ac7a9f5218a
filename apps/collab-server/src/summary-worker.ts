/*
 * The summary worker thread (started by `summary-pool.ts`): computes dashboard summaries off the
 * collab server's event loop. Bundled beside the server as `dist/summary-worker.js`.
 */
import { parentPort } from "node:worker_threads";
import { computeSummary } from "./summary-compute";
import type { TSummaryReply, TSummaryRequest } from "./summary-pool";

parentPort?.on("message", ({ id, state }: TSummaryRequest) => {
  let reply: TSummaryReply;
  try {
    reply = { id, summary: computeSummary(state) };
  } catch (error) {
    reply = { id, summary: null, error: String(error) };
  }
  parentPort?.postMessage(reply);
});
