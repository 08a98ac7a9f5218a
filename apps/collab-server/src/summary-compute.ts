import { parseModelFlow } from "@layerwise/graph-core";
import { docToModelFlow } from "@layerwise/model-doc";
import { summarizeForDashboard } from "@layerwise/model-summary";
import * as Y from "yjs";

/**
 * The dashboard summary (JSON) of a document given as one Yjs update, or null when the
 * document is not a valid model (it keeps its last good summary). Graph-core's analysis and the
 * thumbnail geometry take tens of milliseconds for a ResNet-sized model, so the summary hook
 * runs this in a worker thread (`summary-worker.ts`), not on the event loop that relays edits.
 */
export function computeSummary(state: Uint8Array): string | null {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const parsed = parseModelFlow(docToModelFlow(doc));
    return parsed.ok ? JSON.stringify(summarizeForDashboard(parsed.doc)) : null;
  } finally {
    doc.destroy();
  }
}
