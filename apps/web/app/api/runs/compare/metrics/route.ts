import { compareRuns, parseCompareIds } from "@/features/run-compare/server/compare-runs";
import { metricsDownload } from "@/features/training/metrics-export";
import { parseExportFormat } from "@/features/training/server/export-format";
import { route } from "@/lib/server-only/route";

export const dynamic = "force-dynamic";

/** GET /api/runs/compare/metrics?ids=a,b,…&format=csv|json: the compared runs' epochs (members). */
export const GET = route(async ({ req, db, actor }) => {
  const url = new URL(req.url);
  const format = parseExportFormat(url.searchParams.get("format"));
  const ids = parseCompareIds(url.searchParams.get("ids"));
  const { runs } = await compareRuns(db, actor, ids);
  return metricsDownload(runs, format, `runs-${runs.map((r) => r.number).join("-")}`);
});
