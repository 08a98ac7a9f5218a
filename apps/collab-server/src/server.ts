import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import type { TLogger } from "@layerwise/server-kit";
import { setupWSConnection } from "@y/websocket-server/utils";
import { WebSocketServer } from "ws";
import { authenticate } from "./authenticate";

export interface TCollabServerOptions {
  secret: string;
  log: TLogger;
  /** Dependency report for GET /healthz. */
  health: () => Promise<{ status: "ok" | "degraded" }>;
}

function refuseUpgrade(socket: Duplex, status: 401 | 403, reason: string): void {
  const text = status === 401 ? "Unauthorized" : "Forbidden";
  socket.write(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}`,
  );
  socket.destroy();
}

/**
 * The collab server: GET /healthz, and y-websocket (sync + awareness) on upgrade, one room per
 * project, after the authenticate hook accepted the token.
 */
export function createCollabServer({ secret, log, health }: TCollabServerOptions): Server {
  const key = new TextEncoder().encode(secret);
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") {
      health().then(
        (report) => {
          res.writeHead(report.status === "ok" ? 200 : 503, { "content-type": "application/json" });
          res.end(JSON.stringify(report));
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ status: "error", error: String(error) }));
        },
      );
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("Not found");
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    authenticate(req, key).then(
      (auth) => {
        if (!auth.ok) {
          log.info("upgrade refused", { status: auth.status, reason: auth.reason });
          refuseUpgrade(socket, auth.status, auth.reason);
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          log.debug("connected", {
            room: auth.room,
            user: auth.claims.sub,
            role: auth.claims.role,
          });
          setupWSConnection(ws, req, { docName: auth.room });
        });
      },
      (error: unknown) => {
        log.error("authenticate failed", { error });
        refuseUpgrade(socket, 401, "authentication failed");
      },
    );
  });

  server.on("close", () => {
    for (const client of wss.clients) client.close(4503, "server shutdown");
    wss.close();
  });
  return server;
}
