import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { createLogAppender } from "@layerwise/collab-store";
import type { PrismaClient } from "@layerwise/db";
import { COLLAB_CLOSE, type TRole } from "@layerwise/protocol";
import type { TLogger } from "@layerwise/server-kit";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { authenticate } from "./authenticate";
import { authorize } from "./authorize";
import { handleMessage } from "./connection";
import { RedisFanout } from "./fanout";
import { AwarenessLimiter, ConnectionRateLimiter, clientIp, isOriginAllowed } from "./limits";
import { Conn, type Room } from "./room";
import { Rooms } from "./rooms";
import { createSummaryHook } from "./summary";

export interface TCollabServerOptions {
  secret: string;
  db: PrismaClient;
  /** The database of `db`: client updates are appended on a pool of their own. */
  databaseUrl: string;
  redisUrl: string;
  log: TLogger;
  /** Dependency report for GET /healthz. */
  health: () => Promise<{ status: "ok" | "degraded" }>;
  allowedOrigins: readonly string[];
  maxMessageBytes: number;
  maxConnectionsPerMinute: number;
  awarenessPerSecond: number;
  trustProxy: boolean;
  /** Names this instance on Redis (its own messages are skipped); random by default. */
  instanceId?: string;
  /** Empty rooms stay loaded this long (ms). */
  idleMs?: number;
  /** Debounce of the live dashboard summary (ms after the last change). */
  summaryMs?: number;
}

/** A running collab server: the HTTP server to listen on, its rooms, and a graceful close. */
export interface TCollabServer {
  http: Server;
  rooms: Rooms;
  instanceId: string;
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  503: "Service Unavailable",
};
const RANK: Record<TRole, number> = { viewer: 0, editor: 1, owner: 2 };
const KEEPALIVE_MS = 30_000;

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}\r\nConnection: close\r\n` +
      `Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

/** Close reasons are limited to 123 bytes by the WebSocket protocol. */
function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : `${text.slice(0, 110)}…`;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data);
}

/**
 * The collab server: GET /healthz, and on upgrade the y-websocket protocol, one room per
 * project, after the limits (origin, per-IP rate) and the authenticate hook (token, then
 * membership and archived status in Postgres) let the connection in.
 */
export function createCollabServer(options: TCollabServerOptions): TCollabServer {
  const { log, db } = options;
  const key = new TextEncoder().encode(options.secret);
  const instanceId = options.instanceId ?? randomUUID();
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const ipLimiter = new ConnectionRateLimiter(options.maxConnectionsPerMinute);
  // eslint-disable-next-line prefer-const -- the fanout's handlers need the rooms, and back.
  let rooms: Rooms;
  const fanout = new RedisFanout(
    options.redisUrl,
    instanceId,
    {
      onProjectMessage: (projectId, message) => rooms.deliver(projectId, message),
      onMemberChange: (change) => rooms.applyMemberChange(change),
    },
    log,
  );
  const summaries = createSummaryHook(db, log, { waitMs: options.summaryMs });
  const appender = createLogAppender(options.databaseUrl, {
    onError: (error) => log.warn("postgres connection lost", { error: error.message }),
  });
  rooms = new Rooms({
    db,
    append: (projectId, data, origin) => appender.append(projectId, data, origin),
    fanout,
    log,
    idleMs: options.idleMs,
    onChanged: (room) => summaries.onChanged(room),
  });

  const http = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") {
      options.health().then(
        (report) => {
          res.writeHead(report.status === "ok" ? 200 : 503, { "content-type": "application/json" });
          res.end(JSON.stringify({ ...report, rooms: rooms.size, connections: wss.clients.size }));
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

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!isOriginAllowed(req.headers.origin, options.allowedOrigins))
      return refuseUpgrade(socket, 403, "origin not allowed");
    if (!ipLimiter.allow(clientIp(req, options.trustProxy)))
      return refuseUpgrade(socket, 429, "too many connections from this address");
    const auth = await authenticate(req, key);
    if (!auth.ok) return refuseUpgrade(socket, auth.status, auth.reason);
    const access = await authorize(db, auth.claims);
    if (!access.ok) return refuseUpgrade(socket, access.status, access.reason);
    let room: Room | null = null;
    let failure = "room closed; retry";
    try {
      room = await rooms.acquire(auth.room);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const role = RANK[auth.claims.role] < RANK[access.role] ? auth.claims.role : access.role;
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!room || room.closed) {
        ws.close(COLLAB_CLOSE.serverShutdown, closeReason(failure));
        return;
      }
      accept(room, ws, new Conn(ws, auth.claims.sub, role, limiter()));
    });
  }

  const limiter = () => new AwarenessLimiter(options.awarenessPerSecond);
  const alive = new WeakSet<WebSocket>();

  function accept(room: Room, ws: WebSocket, conn: Conn): void {
    alive.add(ws);
    ws.on("pong", () => alive.add(ws));
    ws.on("message", (data) => handleMessage(room, conn, toBytes(data)));
    ws.on("close", () => room.leave(conn));
    // ws closes the socket itself after an error (1009 for an oversized message).
    ws.on("error", (error) => log.debug("socket error", { error: error.message }));
    room.join(conn);
    log.debug("connected", { room: room.projectId, user: conn.userId, role: conn.role });
  }

  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    upgrade(req, socket, head).catch((error: unknown) => {
      log.error("upgrade failed", { error: String(error) });
      refuseUpgrade(socket, 503, "the collab server cannot check access right now");
    });
  });

  // Connections whose peer vanished without a close frame are found and dropped.
  const keepalive = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, KEEPALIVE_MS);
  keepalive.unref();

  async function close(): Promise<void> {
    clearInterval(keepalive);
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    await rooms.closeAll("server shutdown");
    await summaries.flush();
    await summaries.close();
    for (const ws of wss.clients) ws.close(COLLAB_CLOSE.serverShutdown, "server shutdown");
    wss.close();
    http.closeAllConnections();
    await fanout.close();
    await appender.close();
    await closed;
  }

  return { http, rooms, instanceId, close };
}
