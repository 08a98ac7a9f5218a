import { createDataset, DatasetRejectedError } from "@/features/datasets/server/create-dataset";
import { datasetDto } from "@/features/datasets/server/dataset-dto";
import { findDatasets } from "@/features/datasets/server/find-datasets";
import { readUploadForm } from "@/features/datasets/server/read-upload-form";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

type TParams = { teamId: string };

/** GET /api/teams/:teamId/datasets: built-in and the team's datasets (members). */
export const GET = route<TParams>(async ({ db, actor, params }) => ({
  datasets: await findDatasets(db, actor, params.teamId),
}));

/**
 * POST /api/teams/:teamId/datasets (multipart `file` = zip, `name`): editors and owners.
 * 201 {dataset}, or 422 {error, problems: [{path, message}]} naming each bad file.
 */
export const POST = route<TParams>(async ({ req, db, actor, params }) => {
  try {
    const dataset = await createDataset(db, actor, params.teamId, () => readUploadForm(req));
    return Response.json({ dataset: datasetDto(dataset) }, { status: 201 });
  } catch (error) {
    if (!(error instanceof DatasetRejectedError)) throw error;
    return Response.json(
      { error: error.message, problems: error.problems },
      { status: 422, headers: { "cache-control": "no-store" } },
    );
  }
});
