import { createServer, type Server } from "node:http";
import type { THealthReport } from "@layerwise/server-kit";

/** GET /healthz → the report (200 when healthy, 503 when a dependency is down). */
export function createHealthServer(report: () => Promise<THealthReport>): Server {
  return createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/healthz") {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("Not found");
      return;
    }
    report().then(
      (r) => {
        res.writeHead(r.status === "ok" ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify(r));
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "error", error: String(error) }));
      },
    );
  });
}
