import type { PrismaClient } from "@layerwise/db";
import * as Y from "yjs";
import { applyStoredState, loadStoredState } from "./log";

/** What a compaction did: the sequence number the snapshot now covers and rows merged. */
export interface TCompactResult {
  snapshotSeq: number;
  merged: number;
}

/**
 * Merges a project's log into `Project.ydocState` and deletes the merged rows, in one
 * transaction. The merge is computed from what Postgres holds (never from a server's memory),
 * and the snapshot is only replaced when no other compaction moved it meanwhile, so several
 * collab instances and web servers may compact the same project concurrently (the loser retries).
 * Returns null when there was nothing left to merge. A stored state that does not decode
 * throws: a broken document is never replaced.
 */
export async function compactLog(
  db: TCompactDb,
  projectId: string,
): Promise<TCompactResult | null> {
  // A compaction that lost the race to another may have seen fewer rows than this one would
  // now: try again, so the snapshot ends up covering everything committed before the call.
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await compactOnce(db, projectId);
    if (result !== "lost") return result;
  }
  return null;
}

type TCompactDb = Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction">;

async function compactOnce(
  db: TCompactDb,
  projectId: string,
): Promise<TCompactResult | null | "lost"> {
  const state = await loadStoredState(db, projectId);
  if (!state || state.updates.length === 0) return null;
  const doc = new Y.Doc();
  let snapshot: Uint8Array<ArrayBuffer>;
  try {
    applyStoredState(doc, state);
    // encodeStateAsUpdate of a gc'd document drops deleted content: the snapshot stays small.
    snapshot = new Uint8Array(Y.encodeStateAsUpdate(doc));
  } finally {
    doc.destroy();
  }
  const last = state.seq;
  const [updated] = await db.$transaction([
    db.$executeRaw`
      UPDATE "Project" SET "ydocState" = ${snapshot}, "snapshotSeq" = ${last}
      WHERE id = ${projectId} AND "snapshotSeq" = ${state.snapshotSeq}`,
    // Deletes only what a committed snapshot covers, whichever compaction wrote it.
    db.$executeRaw`
      DELETE FROM "ProjectUpdate" u USING "Project" p
      WHERE u."projectId" = ${projectId} AND p.id = u."projectId"
        AND u.seq <= ${last} AND u.seq <= p."snapshotSeq"`,
  ]);
  return updated === 1 ? { snapshotSeq: last, merged: state.updates.length } : "lost";
}
