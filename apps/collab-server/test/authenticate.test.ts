import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createLogger } from "@layerwise/server-kit";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createCollabServer } from "../src/server";

const SECRET = "test-secret-of-at-least-thirty-two-characters";
let server: Server;
let base: string;

async function token(
  claims: Record<string, unknown>,
  { ttl = "5m", secret = SECRET } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}

const editor = { sub: "u1", pid: "project-1", role: "editor", name: "Ada", color: "#1f77b4" };

/** Resolves with the HTTP status the server answers an upgrade with (101 when accepted). */
function upgradeStatus(path: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace("http", "ws")}${path}`);
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("error", () => {});
  });
}

beforeAll(async () => {
  server = createCollabServer({
    secret: SECRET,
    log: createLogger("collab-test", "error"),
    health: async () => ({ status: "ok" }),
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
});

describe("authenticate hook", () => {
  it("refuses an upgrade without a token, with a bad signature, or for another room", async () => {
    expect(await upgradeStatus("/project-1")).toBe(401);
    expect(
      await upgradeStatus(`/project-1?token=${await token(editor, { secret: "x".repeat(40) })}`),
    ).toBe(401);
    expect(await upgradeStatus(`/project-2?token=${await token(editor)}`)).toBe(403);
    expect(await upgradeStatus(`/project-1?token=${await token(editor, { ttl: "1h" })}`)).toBe(401);
    expect(
      await upgradeStatus(`/project-1?token=${await token({ ...editor, role: "admin" })}`),
    ).toBe(401);
  });

  it("accepts a valid token and syncs the room's Y.Doc between two clients", async () => {
    const jwt = await token(editor);
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const opts = { WebSocketPolyfill: WebSocket as never, params: { token: jwt }, disableBc: true };
    const a = new WebsocketProvider(base.replace("http", "ws"), "project-1", docA, opts);
    const b = new WebsocketProvider(base.replace("http", "ws"), "project-1", docB, opts);
    try {
      docA.getMap("meta").set("name", "U-Net");
      await expect.poll(() => docB.getMap("meta").get("name"), { timeout: 10_000 }).toBe("U-Net");
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it("answers /healthz", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});
