import { findDataset } from "@/features/datasets/server/find-datasets";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/datasets/:datasetId: one dataset (built-ins: signed-in users; uploads: its team). */
export const GET = route<{ datasetId: string }>(async ({ db, actor, params }) => ({
  dataset: (await findDataset(db, actor, params.datasetId)).dto,
}));
