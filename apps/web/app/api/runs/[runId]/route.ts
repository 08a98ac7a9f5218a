import { getRun } from "@/features/training/server/get-run";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/runs/:runId: the run with its epochs (members). */
export const GET = route<{ runId: string }>(async ({ db, actor, params }) =>
  getRun(db, actor, params.runId),
);
