import { webHealth } from "@/lib/server-only/health";

export const dynamic = "force-dynamic";

/** GET /api/health: 200 with the dependency report when healthy, 503 when degraded. */
export async function GET(): Promise<Response> {
  const report = await webHealth();
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
