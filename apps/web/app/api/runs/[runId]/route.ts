import { deleteRun } from "@/features/training/server/delete-run";
import { getRun } from "@/features/training/server/get-run";
import { runStorage } from "@/features/training/server/run-storage";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/runs/:runId: the run with its epochs (members). */
export const GET = route<{ runId: string }>(async ({ db, actor, params }) =>
  getRun(db, actor, params.runId),
);

/** DELETE /api/runs/:runId: a finished run, its epochs, events and files (editors, owners; 409 while queued or running). */
export const DELETE = route<{ runId: string }>(async ({ db, actor, params }) =>
  deleteRun(db, actor, params.runId, runStorage()),
);
