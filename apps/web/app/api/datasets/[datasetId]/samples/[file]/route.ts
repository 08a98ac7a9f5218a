import { readDatasetSample } from "@/features/datasets/server/read-dataset-samples";
import { ValidationError } from "@/lib/server-only/errors";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/**
 * GET /api/datasets/:datasetId/samples/:name.png?kind=image|mask: one sample's PNG for the
 * dataset page (members of the dataset's team; built-ins: any signed-in user).
 */
export const GET = route<{ datasetId: string; file: string }>(
  async ({ req, db, actor, params }) => {
    const kind = new URL(req.url).searchParams.get("kind") ?? "image";
    if (kind !== "image" && kind !== "mask")
      throw new ValidationError("kind must be image or mask.");
    const name = params.file.replace(/\.png$/, "");
    const bytes = await readDatasetSample(db, actor, params.datasetId, name, kind);
    return new Response(new Uint8Array(bytes), {
      headers: { "content-type": "image/png", "cache-control": "private, max-age=3600" },
    });
  },
);
