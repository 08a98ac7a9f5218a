import { cancelRun } from "@/features/training/server/cancel-run";
import { getRedis } from "@/lib/server-only/redis";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** POST /api/runs/:runId/cancel: 202 {run}; cancelled within 5 s (editors, owners). */
export const POST = route<{ runId: string }>(async ({ db, actor, params }) =>
  Response.json(
    await cancelRun(db, actor, params.runId, (channel, message) =>
      getRedis().publish(channel, message),
    ),
    { status: 202 },
  ),
);
