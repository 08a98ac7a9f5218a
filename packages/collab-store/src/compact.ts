import * as Y from "yjs";
import { applyStoredState, loadStoredState, type TSql } from "./log";

/** What a compaction did: the sequence number the snapshot now covers and rows merged. */
export interface TCompactResult {
  snapshotSeq: number;
  merged: number;
}

/**
 * Merges a project's log into `Project.ydocState` and deletes the merged rows, in one
 * statement. The merge is computed from what Postgres holds (never from a server's memory),
 * and the snapshot is only replaced when no other compaction moved it meanwhile, so several
 * collab instances and web servers may compact the same project concurrently (the loser retries).
 * Returns null when there was nothing left to merge. A stored state that does not decode
 * throws: a broken document is never replaced.
 */
export async function compactLog(db: TSql, projectId: string): Promise<TCompactResult | null> {
  // A compaction that lost the race to another may have seen fewer rows than this one would
  // now: try again, so the snapshot ends up covering everything committed before the call.
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await compactOnce(db, projectId);
    if (result !== "lost") return result;
  }
  return null;
}

async function compactOnce(db: TSql, projectId: string): Promise<TCompactResult | null | "lost"> {
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
  // One statement, so the project row (which every append locks to number its row) is held
  // for one statement and its commit, not for a transaction's round trips. Rows are deleted
  // only together with the snapshot that covers them.
  const [row] = await db.$queryRaw<{ updated: bigint }[]>`
    WITH snapshot AS (
      UPDATE "Project" SET "ydocState" = ${snapshot}, "snapshotSeq" = ${last}
      WHERE id = ${projectId} AND "snapshotSeq" = ${state.snapshotSeq}
      RETURNING "snapshotSeq"
    ), merged AS (
      DELETE FROM "ProjectUpdate" u USING snapshot s
      WHERE u."projectId" = ${projectId} AND u.seq <= s."snapshotSeq"
    )
    SELECT count(*) AS updated FROM snapshot`;
  const updated = Number(row?.updated ?? 0);
  return updated === 1 ? { snapshotSeq: last, merged: state.updates.length } : "lost";
}
