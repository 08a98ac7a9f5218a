import { loadTemplate } from "@layerwise/graph-core";
import {
  LOCAL_ORIGIN,
  connect,
  modelFlowToDoc,
  moveNodes,
  removeNodes,
  setParam,
} from "@layerwise/model-doc";
import { describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { EditorStore } from "../editor/editor-store";
import { describeChange, findCulprit, formatAgo, upstreamOf, type TChange } from "./attribution";
import { ChangeTracker } from "./change-tracker";
import { REMOTE, syncedDocs } from "./test-sync";

function failingNodes(store: EditorStore): Set<string> {
  const out = new Set<string>();
  for (const [id, a] of store.getState().analysis.nodes)
    if (a.diagnostics.some((d) => d.severity === "error")) out.add(id);
  return out;
}

/** Alice and Bob on one U-Net; Bob's tracker records what Alice does. */
function twoEditors() {
  const { docs } = syncedDocs(2);
  const [alice, bob] = docs as [Y.Doc, Y.Doc];
  modelFlowToDoc(alice, loadTemplate("unet-small"), null);
  let now = 1_000_000;
  const tracker = new ChangeTracker(bob, {
    isRemote: (txn) => txn.origin === REMOTE,
    now: () => now,
  });
  tracker.noteUser(alice.clientID, { id: "u-alice", name: "Demo User", color: "#ff0000" });
  const store = new EditorStore(bob);
  store.attach();
  const check = () => tracker.observeErrors(store.getState().flow, failingNodes(store));
  check();
  return { alice, bob, tracker, store, check, advance: (ms: number) => (now += ms) };
}

describe("remote change attribution", () => {
  it("names who changed which param when a colleague's stride change breaks a Concat downstream", () => {
    const { alice, tracker, check, advance, store } = twoEditors();
    expect(failingNodes(store).size).toBe(0);
    setParam(alice, "enc2_conv1", "stride", 2);
    check();
    expect(failingNodes(store)).toEqual(new Set(["cat1"]));
    advance(12_000);
    expect(tracker.explain("cat1")).toBe("Demo User changed stride on enc2_conv1 12 s ago");
    // Fixing it clears the blame.
    setParam(alice, "enc2_conv1", "stride", 1);
    check();
    expect(tracker.explain("cat1")).toBeNull();
    store.detach();
  });

  it("does not blame a colleague for a break made locally, nor for an error that was already there", () => {
    const { alice, bob, tracker, check, advance, store } = twoEditors();
    moveNodes(alice, new Map([["enc2_conv1", { x: 5, y: 5 }]]));
    advance(100);
    setParam(bob, "enc2_conv1", "stride", 2); // Bob's own edit
    check();
    expect(failingNodes(store).has("cat1")).toBe(true);
    expect(tracker.explain("cat1")).toBeNull();
    advance(5_000);
    setParam(alice, "enc1_conv1", "out_channels", 24); // unrelated, after the error
    check();
    expect(tracker.explain("cat1")).toBeNull();
    store.detach();
  });

  it("attributes connection changes and removals to the node they feed", () => {
    const { alice, tracker } = twoEditors();
    removeNodes(alice, ["up1"], { heal: false });
    const changes = tracker.recent();
    expect(changes.some((c) => c.nodeId === "up1" && c.what === "removed")).toBe(true);
    expect(changes.some((c) => c.nodeId === "cat1" && c.what === "connections")).toBe(true);
    connect(alice, { source: "dec2_relu2", target: "cat1", port: 1 });
    const last = tracker.recent().at(-1)!;
    expect(last).toMatchObject({ nodeId: "cat1", what: "connections", client: alice.clientID });
  });

  it("ignores the local user's own transactions", () => {
    const { bob, tracker } = twoEditors();
    bob.transact(() => setParam(bob, "head", "out_channels", 2), LOCAL_ORIGIN);
    expect(tracker.recent()).toEqual([]);
  });
});

describe("attribution helpers", () => {
  const flow = loadTemplate("unet-small");
  const at = (nodeId: string, what: string, t: number): TChange => ({
    nodeId,
    what,
    client: 7,
    at: t,
  });

  it("upstreamOf follows every input path", () => {
    const up = upstreamOf(flow, "cat1");
    expect(up.has("enc1_relu2")).toBe(true);
    expect(up.has("enc4_conv2")).toBe(true);
    expect(up.has("dec1_conv1")).toBe(false);
  });

  it("findCulprit takes the latest relevant change in the window and skips moves", () => {
    const changes = [at("enc2_conv1", "stride", 900), at("pool1", "position", 990)];
    expect(findCulprit(flow, "cat1", changes, 1000)?.what).toBe("stride");
    expect(findCulprit(flow, "cat1", changes, 10_000)).toBeNull();
    expect(findCulprit(flow, "cat1", [at("dec1_conv1", "stride", 1000)], 1000)).toBeNull();
  });

  it("formats the sentence and the age", () => {
    expect(formatAgo(500)).toBe("just now");
    expect(formatAgo(12_400)).toBe("12 s ago");
    expect(formatAgo(185_000)).toBe("3 min ago");
    expect(describeChange(at("cat1", "connections", 0), null, 3_000)).toBe(
      "A collaborator changed the connections of cat1 3 s ago",
    );
    expect(describeChange(at("x", "added", 0), "Ada", 0)).toBe("Ada added x just now");
  });
});
