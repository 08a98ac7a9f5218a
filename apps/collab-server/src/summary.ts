import type { PrismaClient } from "@layerwise/db";
import { parseModelFlow } from "@layerwise/graph-core";
import { docToModelFlow } from "@layerwise/model-doc";
import { summarizeForDashboard } from "@layerwise/model-summary";
import type { TLogger } from "@layerwise/server-kit";
import { Debounced } from "./debounce";
import type { Room } from "./room";

/** The live summary hook as the rooms see it. */
export interface TSummaryHook {
  onChanged(room: Room): void;
  /** Writes every pending summary now (shutdown, tests). */
  flush(): Promise<void>;
}

/**
 * Server-side graph-core: keeps each live project's dashboard summary (diagnostic counts,
 * params, thumbnail geometry) current in Project.summary while people edit, debounced so a
 * burst of keystrokes costs one analysis. A summary never overwrites a newer one (summarySeq).
 */
export function createSummaryHook(
  db: PrismaClient,
  log: TLogger,
  { waitMs = 1_000, maxWaitMs = 5_000 } = {},
): TSummaryHook {
  const pending = new Map<string, Debounced>();
  const write = async (room: Room) => {
    if (room.closed) return;
    const seq = room.logSeq;
    const parsed = parseModelFlow(docToModelFlow(room.doc));
    // A document that is not a valid model keeps its last good summary.
    if (!parsed.ok) return;
    const summary = JSON.stringify(summarizeForDashboard(parsed.doc));
    try {
      await db.$executeRaw`
        UPDATE "Project" SET summary = ${summary}::jsonb, "summarySeq" = ${seq}
        WHERE id = ${room.projectId} AND "summarySeq" <= ${seq}`;
    } catch (error) {
      log.warn("summary not stored", { room: room.projectId, error: String(error) });
    }
  };
  return {
    onChanged(room) {
      let job = pending.get(room.projectId);
      if (!job) {
        job = new Debounced(() => write(room), waitMs, maxWaitMs);
        pending.set(room.projectId, job);
      }
      job.trigger();
    },
    async flush() {
      await Promise.all([...pending.values()].map((job) => job.flush()));
    },
  };
}
