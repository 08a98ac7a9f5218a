import { loadTemplate } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import { clipFromText, clipToText, type TClip } from "./editor-actions";

describe("clipboard text", () => {
  const clip: TClip = {
    nodes: [
      { id: "c", type: "Conv2d", params: { out_channels: 8 } },
      { id: "r", type: "ReLU", params: {} },
    ],
    edges: [{ source: "c", target: "r" }],
  };

  it("round-trips a clip", () => {
    expect(clipFromText(clipToText(clip))).toEqual(clip);
  });

  it("takes the layers of a whole model-flow document", () => {
    const doc = loadTemplate("lenet5");
    const read = clipFromText(JSON.stringify(doc));
    expect(read).not.toBe("invalid");
    expect(read && read !== "invalid" ? read.nodes.map((n) => n.id) : []).toEqual(
      doc.nodes.map((n) => n.id),
    );
  });

  it("ignores text that is not ours, and flags ours when it does not parse", () => {
    expect(clipFromText("hello")).toBeNull();
    expect(clipFromText('{"a": 1}')).toBeNull();
    expect(clipFromText("[1, 2]")).toBeNull();
    expect(
      clipFromText(JSON.stringify({ format: "layerwise.clip", nodes: [{ id: "x" }], edges: [] })),
    ).toBe("invalid");
    expect(clipFromText(JSON.stringify({ format: "layerwise.clip", nodes: "no", edges: [] }))).toBe(
      "invalid",
    );
  });
});
