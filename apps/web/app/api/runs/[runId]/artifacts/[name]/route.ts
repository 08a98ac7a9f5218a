import { getArtifact } from "@/features/training/server/get-artifact";
import { runStorage } from "@/features/training/server/run-storage";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/runs/:runId/artifacts/:name: model.py, best.pt, final.pt, model.onnx, metrics.csv, log.txt (members). */
export const GET = route<{ runId: string; name: string }>(async ({ db, actor, params }) =>
  getArtifact(db, actor, params.runId, params.name, runStorage()),
);
