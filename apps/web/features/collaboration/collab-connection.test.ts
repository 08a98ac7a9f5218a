import { loadTemplate } from "@layerwise/graph-core";
import { docToModelFlow, encodeNewModelState, removeNodes, setParam } from "@layerwise/model-doc";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { freePort, startCollabServer, type TServerProcess } from "../../e2e/collab-servers";
import * as tokenRoute from "@/app/api/projects/[projectId]/collab-token/route";
import type { TActor } from "@/lib/server-only/actor";
import { callRoute, makeTeam, makeUser, testDb } from "@/lib/server-only/test-helpers";
import { CollabConnection } from "./collab-connection";
import { fetchTicket } from "./collab-ticket";
import { readPeers } from "./peers";
import { stateVectorOf } from "./use-collab-session";

/*
 * The browser's connection code against a real collab server process, real Postgres and Redis:
 * tokens from the real minting code, y-websocket over `ws`, message 100 for "Saved", and a
 * SIGKILL of the server in the middle of a session.
 */
const db = testDb();
let server: TServerProcess;
let port: number;
const open: CollabConnection[] = [];

beforeAll(async () => {
  port = await freePort();
  // The token route answers with this URL (read when the route first runs).
  process.env.NEXT_PUBLIC_COLLAB_URL = `ws://127.0.0.1:${port}`;
  server = await startCollabServer(port, "*");
}, 90_000);

afterAll(async () => {
  for (const c of open) c.stop();
  await server?.stop();
  await db.$disconnect();
});

async function world() {
  const owner = await makeUser("owner");
  const viewer = await makeUser("viewer");
  const teamId = await makeTeam("live", [
    [owner, "owner"],
    [viewer, "viewer"],
  ]);
  const state = encodeNewModelState(loadTemplate("unet-small"));
  const project = await db.project.create({ data: { teamId, name: "Live", ydocState: state } });
  return { owner, viewer, project, state };
}

/** A client as the project page makes it: the stored state, then live. */
function join(actor: TActor, projectId: string, state: Uint8Array) {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  const connection = new CollabConnection({
    projectId,
    ydoc,
    baseline: stateVectorOf(ydoc),
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    // The browser's fetch, answered by the real route handler with the actor's session.
    getTicket: (id) =>
      fetchTicket(id, async () => {
        const res = await callRoute(tokenRoute.POST, {
          method: "POST",
          params: { projectId: id },
          actor,
        });
        return new Response(JSON.stringify(res.json), { status: res.status });
      }),
  });
  connection.start();
  open.push(connection);
  return { ydoc, connection, snap: () => connection.getSnapshot() };
}

function param(doc: Y.Doc, node: string, name: string): unknown {
  return docToModelFlow(doc).nodes.find((n) => n.id === node)?.params[name];
}

const live = { timeout: 20_000, interval: 50 };

describe("CollabConnection against the collab server", () => {
  it("syncs edits, says Saved only after the server stored them, and drops a viewer's writes", async () => {
    const { owner, viewer, project, state } = await world();
    const a = join(owner, project.id, state);
    const v = join(viewer, project.id, state);
    await vi.waitFor(() => {
      expect(a.snap()).toMatchObject({ status: "connected", synced: true, role: "owner" });
      expect(v.snap()).toMatchObject({ status: "connected", synced: true, role: "viewer" });
    }, live);
    expect(a.snap().user?.name).toBe("owner");
    // Presence: each sees the other's user in awareness, as the avatars read it.
    await vi.waitFor(() => {
      const seen = readPeers(v.connection.awareness.getStates(), v.connection.awareness.clientID);
      expect(seen.map((p) => p.user.name)).toEqual(["owner"]);
      const back = readPeers(a.connection.awareness.getStates(), a.connection.awareness.clientID);
      expect(back.map((p) => p.user.name)).toEqual(["viewer"]);
    }, live);

    setParam(a.ydoc, "enc1_conv1", "out_channels", 24);
    expect(a.snap().saved).toBe(false);
    await vi.waitFor(() => expect(param(v.ydoc, "enc1_conv1", "out_channels")).toBe(24), live);
    await vi.waitFor(() => expect(a.snap().saved).toBe(true), live);

    // A removal moves no state vector: Saved waits for the server's answer after it.
    removeNodes(a.ydoc, ["head"], { heal: true });
    expect(a.snap().saved).toBe(false);
    await vi.waitFor(() => expect(a.snap().saved).toBe(true), live);
    expect(docToModelFlow(v.ydoc).nodes.some((n) => n.id === "head")).toBe(false);

    // The viewer's document is theirs to scribble on; the server keeps it out of the model.
    setParam(v.ydoc, "enc2_conv1", "out_channels", 99);
    setParam(a.ydoc, "enc3_conv1", "out_channels", 70);
    await vi.waitFor(() => expect(param(v.ydoc, "enc3_conv1", "out_channels")).toBe(70), live);
    expect(param(a.ydoc, "enc2_conv1", "out_channels")).toBe(32);
  }, 90_000);

  it("goes offline when the server is killed, keeps edits, reconnects by itself and stores them", async () => {
    const { owner, project, state } = await world();
    const a = join(owner, project.id, state);
    await vi.waitFor(() => expect(a.snap()).toMatchObject({ synced: true }), live);
    setParam(a.ydoc, "enc1_conv1", "out_channels", 40);
    await vi.waitFor(() => expect(a.snap().saved).toBe(true), live);

    await server.stop("SIGKILL");
    await vi.waitFor(() => expect(a.snap().status).toBe("offline"), live);
    setParam(a.ydoc, "enc2_conv1", "out_channels", 50);
    expect(a.snap().saved).toBe(false);
    server = await startCollabServer(port, "*");
    await vi.waitFor(() => expect(a.snap()).toMatchObject({ status: "connected", saved: true }), {
      ...live,
      timeout: 30_000,
    });

    // A newcomer with only the page's stale state gets both edits from the server.
    const b = join(owner, project.id, state);
    await vi.waitFor(() => {
      expect(param(b.ydoc, "enc1_conv1", "out_channels")).toBe(40);
      expect(param(b.ydoc, "enc2_conv1", "out_channels")).toBe(50);
    }, live);
  }, 90_000);

  it("a user outside the team is refused with the route's reason, and never connects", async () => {
    const { project, state } = await world();
    const stranger = await makeUser("stranger");
    const s = join(stranger, project.id, state);
    await vi.waitFor(() => expect(s.snap().status).toBe("refused"), live);
    expect(s.snap().message).toMatch(/member|not found|access/i);
  }, 60_000);
});
