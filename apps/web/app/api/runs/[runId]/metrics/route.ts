import { metricsDownload } from "@/features/training/metrics-export";
import { parseExportFormat } from "@/features/training/server/export-format";
import { getRun } from "@/features/training/server/get-run";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/runs/:runId/metrics?format=csv|json: the run's epochs as a download (members). */
export const GET = route<{ runId: string }>(async ({ req, db, actor, params }) => {
  const format = parseExportFormat(new URL(req.url).searchParams.get("format"));
  const { run } = await getRun(db, actor, params.runId);
  return metricsDownload([run], format, `run-${run.number}`);
});
