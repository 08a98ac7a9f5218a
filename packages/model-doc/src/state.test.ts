import { loadTemplate } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docToModelFlow } from "./convert";
import { readMeta } from "./schema";
import { encodeNewModelState, suggestedAlignment } from "./state";

function open(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

describe("new model state", () => {
  it("opens encoder/decoders (Concat skips) in U-Net alignment and plain stacks in simple", () => {
    expect(suggestedAlignment(loadTemplate("unet-small"))).toBe("unet");
    expect(suggestedAlignment(loadTemplate("unet"))).toBe("unet");
    expect(suggestedAlignment(loadTemplate("vgg16"))).toBe("simple");
    expect(suggestedAlignment(loadTemplate("resnet18"))).toBe("simple");
  });

  it("stores the model and its alignment, and an explicit alignment wins", () => {
    const unet = loadTemplate("unet-small");
    const doc = open(encodeNewModelState(unet));
    expect(readMeta(doc).alignment).toBe("unet");
    expect(docToModelFlow(doc).nodes.map((n) => n.id)).toEqual(unet.nodes.map((n) => n.id));
    expect(readMeta(open(encodeNewModelState(unet, "simple"))).alignment).toBe("simple");
    expect(readMeta(open(encodeNewModelState(loadTemplate("lenet5")))).alignment).toBe("simple");
  });
});
