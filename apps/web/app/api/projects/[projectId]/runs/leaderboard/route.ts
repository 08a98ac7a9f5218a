import { findLeaderboard } from "@/features/runs/server/find-leaderboard";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/projects/:projectId/runs/leaderboard?limit= → {leaderboard, bestOverTime, finishedRuns, lastFinishedAt} */
export const GET = route<{ projectId: string }>(async ({ req, db, actor, params }) =>
  findLeaderboard(db, actor, params.projectId, Object.fromEntries(new URL(req.url).searchParams)),
);
