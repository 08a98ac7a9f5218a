import type { PrismaClient } from "@layerwise/db";
import type { TLogger } from "@layerwise/server-kit";
import * as Y from "yjs";
import { Debounced } from "./debounce";
import type { Room } from "./room";
import { createSummaryComputer } from "./summary-pool";

/** The live summary hook as the rooms see it. */
export interface TSummaryHook {
  onChanged(room: Room): void;
  /** Writes every pending summary now (shutdown, tests). */
  flush(): Promise<void>;
  /** Stops the worker thread (after `flush`). */
  close(): Promise<void>;
}

/**
 * Server-side graph-core: keeps each live project's dashboard summary (diagnostic counts,
 * params, thumbnail geometry) current in Project.summary while people edit, debounced so a
 * burst of keystrokes costs one analysis, and computed in a worker thread so that an analysis
 * (tens of ms for a ResNet) never holds up the edits of any room. A summary never overwrites a
 * newer one (summarySeq).
 */
export function createSummaryHook(
  db: PrismaClient,
  log: TLogger,
  { waitMs = 1_000, maxWaitMs = 5_000 } = {},
): TSummaryHook {
  const pending = new Map<string, Debounced>();
  const computer = createSummaryComputer(log);
  const write = async (room: Room) => {
    if (room.closed) return;
    const seq = room.logSeq;
    let summary: string | null;
    try {
      summary = await computer.compute(Y.encodeStateAsUpdate(room.doc));
    } catch (error) {
      log.warn("summary not computed", { room: room.projectId, error: String(error) });
      return;
    }
    // A document that is not a valid model keeps its last good summary.
    if (summary === null) return;
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
    close: () => computer.close(),
  };
}
