import { applyStoredState, loadStoredState, type TStoredState } from "@layerwise/collab-store";
import type { PrismaClient } from "@layerwise/db";
import * as Y from "yjs";

/** Why a room could not be loaded; connections to it are closed with 4503 and this reason. */
export class RoomLoadError extends Error {
  constructor(
    readonly projectId: string,
    reason: string,
  ) {
    super(`document failed to load: ${reason}`);
    this.name = "RoomLoadError";
  }
}

/** Origin of the transaction that fills a room's document from Postgres. */
export const LOAD_ORIGIN = "layerwise:load";

/** A room's document as loaded, with the log position it includes. */
export interface TLoadedRoom {
  doc: Y.Doc;
  teamId: string;
  seq: number;
}

/**
 * The load hook: a room's document is the project's snapshot plus its log tail, read in one
 * statement. Any failure (database down, bytes that do not decode) is a RoomLoadError — never an
 * empty document that the next edit would be stored on top of.
 */
export async function loadRoom(db: PrismaClient, projectId: string): Promise<TLoadedRoom> {
  let project: { teamId: string } | null;
  let state: TStoredState | null;
  try {
    project = await db.project.findUnique({ where: { id: projectId }, select: { teamId: true } });
    state = project ? await loadStoredState(db, projectId) : null;
  } catch (error) {
    throw new RoomLoadError(projectId, `database unavailable (${shortMessage(error)})`);
  }
  if (!project || !state) throw new RoomLoadError(projectId, "project not found");
  const doc = new Y.Doc();
  try {
    applyStoredState(doc, state, LOAD_ORIGIN);
  } catch (error) {
    doc.destroy();
    throw new RoomLoadError(projectId, `stored state does not decode (${shortMessage(error)})`);
  }
  return { doc, teamId: project.teamId, seq: state.seq };
}

function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.slice(0, 60);
}
