/*
 * Test harness: real collab servers on random ports against the real Postgres and Redis, real
 * y-websocket clients, and fixtures (users, a team with roles, a project with a model).
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { publishMemberChange, type TMemberChange } from "@layerwise/collab-store";
import { createPrismaClient, type PrismaClient } from "@layerwise/db";
import { loadTemplate } from "@layerwise/graph-core";
import { encodeNewModelState, extendDurable, isCoveredBy } from "@layerwise/model-doc";
import { createLogger } from "@layerwise/server-kit";
import { Redis } from "ioredis";
import { SignJWT } from "jose";
import * as decoding from "lib0/decoding";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import { messageYjsUpdate } from "y-protocols/sync";
import * as Y from "yjs";
import { MESSAGE_SYNC } from "../src/protocol";
import { createCollabServer, type TCollabServer, type TCollabServerOptions } from "../src/server";

export const SECRET = process.env.COLLAB_SECRET ?? "test-secret-of-at-least-thirty-two-characters";

let db: PrismaClient | undefined;

/** The test database (DATABASE_URL; `npm test` points it at the test database). */
export function testDb(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: the collab tests need Postgres.");
  db ??= createPrismaClient(url);
  return db;
}

export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set: the collab tests need Redis.");
  return url;
}

export const unique = (label: string) => `${label}-${randomBytes(5).toString("hex")}`;

/** A started server and its ws:// base URL. */
export interface TRunning {
  server: TCollabServer;
  url: string;
  stop(): Promise<void>;
}

/** Starts a collab server on a random loopback port. */
export async function startServer(
  overrides: Partial<TCollabServerOptions> = {},
): Promise<TRunning> {
  const server = createCollabServer({
    secret: SECRET,
    db: testDb(),
    databaseUrl: process.env.DATABASE_URL!,
    redisUrl: redisUrl(),
    log: createLogger("collab-test", "error"),
    health: async () => ({ status: "ok" }),
    allowedOrigins: ["http://localhost:3000"],
    maxMessageBytes: 1024 * 1024,
    maxConnectionsPerMinute: 10_000,
    awarenessPerSecond: 30,
    trustProxy: false,
    idleMs: 200,
    ...overrides,
  });
  await new Promise<void>((resolve) => server.http.listen(0, "127.0.0.1", resolve));
  const { port } = server.http.address() as AddressInfo;
  return { server, url: `ws://127.0.0.1:${port}`, stop: () => server.close() };
}

/** A team with an owner, an editor, a viewer, an outsider, and a project holding LeNet. */
export async function makeWorld() {
  const d = testDb();
  const mk = (label: string) =>
    d.user.create({ data: { email: `${unique(label)}@test.layerwise.dev`, name: label } });
  const [owner, editor, viewer, outsider] = await Promise.all(
    ["Owner", "Editor", "Viewer", "Outsider"].map(mk),
  );
  const team = await d.team.create({
    data: {
      name: unique("collab"),
      members: {
        create: [
          { userId: owner!.id, role: "owner" },
          { userId: editor!.id, role: "editor" },
          { userId: viewer!.id, role: "viewer" },
        ],
      },
    },
  });
  const project = await d.project.create({
    data: {
      teamId: team.id,
      name: "LeNet",
      ydocState: encodeNewModelState(loadTemplate("lenet5")),
    },
  });
  return { owner: owner!, editor: editor!, viewer: viewer!, outsider: outsider!, team, project };
}

type TClaimsUser = { id: string; name: string };

/** A collab token as the web server mints it (overridable for the refusal tests). */
export async function tokenFor(
  user: TClaimsUser,
  projectId: string,
  role: "owner" | "editor" | "viewer",
  { ttl = "5m" as string | number, secret = SECRET, extra = {} as Record<string, unknown> } = {},
): Promise<string> {
  return new SignJWT({
    sub: user.id,
    pid: projectId,
    role,
    name: user.name,
    color: "#1f77b4",
    ...extra,
  })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}

/** A real y-websocket client, tracking message 100 ("persisted") and close events. */
export interface TClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** What the server has stored: persisted state vectors and the broadcasts received. */
  persisted: Map<number, number>;
  closes: { code: number; reason: string }[];
  /** How many "persisted" messages arrived. */
  acks(): number;
  /** When (performance.now()) the last "persisted" message arrived. */
  ackedAt(): number;
  /** True once everything in `doc` is covered by what the server has stored. */
  isSaved(): boolean;
  destroy(): void;
}

export function connect(url: string, projectId: string, token: string, doc = new Y.Doc()): TClient {
  const provider = new WebsocketProvider(url, projectId, doc, {
    WebSocketPolyfill: WebSocket as never,
    params: { token },
    disableBc: true,
    maxBackoffTime: 300,
  });
  const persisted = new Map<number, number>();
  // As the browser does: what an update message carries is committed (extendDurable), and the
  // server's "persisted" messages cover the rest (own updates, sync answers).
  const syncHandler = provider.messageHandlers[MESSAGE_SYNC]!;
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
    const broadcast = decoding.peekVarUint(decoder) === messageYjsUpdate;
    const onUpdate = (update: Uint8Array) => extendDurable(persisted, update);
    if (broadcast) doc.on("update", onUpdate);
    try {
      syncHandler(encoder, decoder, p, emitSynced, type);
    } finally {
      if (broadcast) doc.off("update", onUpdate);
    }
  };
  let acks = 0;
  let ackedAt = 0;
  provider.messageHandlers[100] = (_encoder, decoder) => {
    acks += 1;
    ackedAt = performance.now();
    const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    for (const [client, clock] of sv)
      persisted.set(client, Math.max(persisted.get(client) ?? 0, clock));
  };
  const closes: TClient["closes"] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    persisted,
    closes,
    acks: () => acks,
    ackedAt: () => ackedAt,
    isSaved: () => isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(doc)), persisted),
    destroy: () => {
      provider.destroy();
    },
  };
}

/** The HTTP status of an upgrade attempt (101 when accepted). */
export function upgradeStatus(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on("open", () => {
      ws.close();
      resolve({ status: 101, body: "" });
    });
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on("error", () => {});
  });
}

/** The project's model as Postgres holds it (snapshot + log), read into a fresh Y.Doc. */
export async function storedDoc(projectId: string): Promise<Y.Doc> {
  const { loadStoredState, applyStoredState } = await import("@layerwise/collab-store");
  const state = await loadStoredState(testDb(), projectId);
  const doc = new Y.Doc();
  if (state) applyStoredState(doc, state);
  return doc;
}

/** Params of one node, as a plain object. */
export function paramsOf(doc: Y.Doc, nodeId: string): Record<string, unknown> {
  const node = doc.getMap<Y.Map<unknown>>("nodes").get(nodeId);
  return (node?.get("params") as Y.Map<unknown> | undefined)?.toJSON() ?? {};
}

/** Publishes a membership change on Redis exactly as the web app does. */
export async function publishMemberChangeForTest(change: TMemberChange): Promise<void> {
  const redis = new Redis(redisUrl());
  try {
    await publishMemberChange(redis, change);
  } finally {
    redis.disconnect();
  }
}

/** JSON with object keys sorted: Y.Map iteration order differs between peers, content does not. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
