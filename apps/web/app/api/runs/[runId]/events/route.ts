import { lastEventId, streamRunEvents } from "@/features/training/server/run-events";
import { getRedis } from "@/lib/server-only/redis";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/runs/:runId/events: text/event-stream, resumable with Last-Event-ID (members). */
export const GET = route<{ runId: string }>(async ({ req, db, actor, params }) =>
  streamRunEvents(
    db,
    actor,
    params.runId,
    lastEventId(req),
    () => getRedis().duplicate(),
    req.signal,
  ),
);
