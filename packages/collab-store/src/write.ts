import type { PrismaClient } from "@layerwise/db";
import * as Y from "yjs";
import { encodeChannelMessage, projectChannel, type TPublisher } from "./channel";
import { compactLog } from "./compact";
import { appendUpdate, applyStoredState, loadStoredState, ProjectUnavailableError } from "./log";

type TTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Writers of one project queue on its row lock, and each holds a pooled connection meanwhile:
 * Prisma's defaults (2 s to get a connection, 5 s per transaction) would turn a burst of
 * concurrent saves on a busy server into errors instead of a short queue.
 */
const WRITE_TRANSACTION = { maxWait: 15_000, timeout: 20_000 };

/** Origin the server-side writers use for their log rows and transactions. */
export type TServerWriter = "http-save" | "restore" | "import" | (string & {});

/** What {@link writeModelChange} did. */
export interface TModelWrite<R> {
  /** Log sequence number of the change; the current one when the change added nothing. */
  seq: number;
  /** Whether the change added anything to the document. */
  changed: boolean;
  /** When it was committed (the project's new modelSavedAt); null when nothing changed. */
  savedAt: Date | null;
  /** The whole document after the change (Y.encodeStateAsUpdate). */
  state: Uint8Array<ArrayBuffer>;
  /** What `change` returned. */
  result: R;
}

/**
 * The one way a server-side writer (HTTP model save, version restore, import) changes a live
 * model, so open editors see it at once and concurrent writers never lose each other's work:
 * under the project row's lock (`FOR UPDATE`, so writers of one project run one at a time) it
 * loads the stored document, lets `change` edit it (throw to refuse: nothing is written), appends
 * exactly the new content to the log, and after the commit publishes it on `collab:<projectId>`
 * for the collab instances and compacts the log. Archived or unknown projects throw
 * {@link ProjectUnavailableError}.
 */
export async function writeModelChange<R>(
  db: PrismaClient,
  publisher: TPublisher | null,
  projectId: string,
  origin: TServerWriter,
  change: (doc: Y.Doc, tx: TTx) => R | Promise<R>,
): Promise<TModelWrite<R>> {
  const written = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Project" WHERE id = ${projectId} AND "archivedAt" IS NULL FOR UPDATE`;
    if (locked.length === 0) throw new ProjectUnavailableError(projectId);
    const stored = await loadStoredState(tx, projectId);
    if (!stored) throw new ProjectUnavailableError(projectId);
    const doc = new Y.Doc();
    try {
      applyStoredState(doc, stored);
      const parts: Uint8Array[] = [];
      doc.on("update", (update: Uint8Array) => parts.push(update));
      const result = await change(doc, tx);
      const state = new Uint8Array(Y.encodeStateAsUpdate(doc));
      if (parts.length === 0)
        return { seq: stored.seq, changed: false, savedAt: null, state, result, data: null };
      const data = parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
      const { seq, savedAt } = await appendUpdate(tx, projectId, data, origin);
      return { seq, changed: true, savedAt, state, result, data };
    } finally {
      doc.destroy();
    }
  }, WRITE_TRANSACTION);
  const { data, ...write } = written;
  if (data) await announce(db, publisher, projectId, write.seq, data, origin);
  return write;
}

/** After the commit: tell the collab instances, then fold the log into the snapshot. */
async function announce(
  db: PrismaClient,
  publisher: TPublisher | null,
  projectId: string,
  seq: number,
  data: Uint8Array,
  origin: string,
): Promise<void> {
  // Both are best effort: the change is committed. A missed publish shows up as a gap in the
  // sequence (instances reload from Postgres); a failed compaction is retried by the next one.
  try {
    await publisher?.publish(
      projectChannel(projectId),
      encodeChannelMessage({ kind: "update", from: `server:${origin}`, seq, data }),
    );
  } catch (error) {
    console.warn(`collab-store: publish of ${projectId}#${seq} failed`, error);
  }
  try {
    await compactLog(db, projectId);
  } catch (error) {
    console.warn(`collab-store: compaction of ${projectId} failed`, error);
  }
}
