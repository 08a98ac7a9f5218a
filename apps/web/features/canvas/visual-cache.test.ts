import { describe, expect, it } from "vitest";
import {
  createAnalyzer,
  encodeVisuals,
  loadTemplate,
  type TFlowNode,
  type TModelFlow,
} from "@layerwise/graph-core";
import { VisualCache } from "./visual-cache";
import { seededRandom } from "./seeded-random";

const SIZES = [0, 1, 3, 7, 16, 64, 200, 512];
const SWAP_TYPES = ["BatchNorm2d", "ReLU", "Dropout", "Conv2d"];

/**
 * One random edit as the Y.Doc mirror makes it: a new node list where untouched nodes keep their
 * objects, the edge list kept unless the wiring changed. Mostly parameter edits (the case the
 * cache makes incremental), sometimes a type change or a re-wiring (which must encode everything).
 */
function edit(flow: TModelFlow, rnd: () => number): { flow: TModelFlow; kind: string } {
  const i = Math.floor(rnd() * flow.nodes.length);
  const node = flow.nodes[i]!;
  const r = rnd();
  const nodes = flow.nodes.slice();
  if (r < 0.75) {
    const names = ["out_channels", "kernel_size", "stride", "padding", "out_features"];
    const name = names[Math.floor(rnd() * names.length)]!;
    const value = SIZES[Math.floor(rnd() * SIZES.length)]!;
    nodes[i] = { ...node, params: { ...node.params, [name]: value } } as TFlowNode;
    return { flow: { ...flow, nodes }, kind: "param" };
  }
  if (r < 0.88 && node.type !== "Input") {
    const type = SWAP_TYPES[Math.floor(rnd() * SWAP_TYPES.length)]!;
    nodes[i] = { ...node, type, params: type === "Conv2d" ? { out_channels: 32 } : {} };
    return { flow: { ...flow, nodes }, kind: "type" };
  }
  const edges = flow.edges.slice();
  if (rnd() < 0.5 && edges.length > 1) edges.splice(Math.floor(rnd() * edges.length), 1);
  else {
    const source = flow.nodes[Math.floor(rnd() * flow.nodes.length)]!.id;
    edges.push({ source, target: node.id });
  }
  return { flow: { ...flow, edges }, kind: "wiring" };
}

describe("VisualCache", () => {
  it.each(["unet-small", "resnet18", "vgg16"] as const)(
    "%s: the incremental encoding equals encodeVisuals after every random edit",
    (id) => {
      const rnd = seededRandom(id.length * 7919);
      let flow = loadTemplate(id);
      const analyzer = createAnalyzer(flow);
      const cache = new VisualCache();
      let visuals = cache.encode(flow, analyzer.analysis);
      expect(visuals).toEqual(encodeVisuals(flow, analyzer.analysis));
      let params = 0;
      const before = cache.fullEncodes;
      for (let step = 0; step < 150; step++) {
        const next = edit(flow, rnd);
        flow = next.flow;
        const analysis = analyzer.setDoc(flow);
        const previous = visuals;
        visuals = cache.encode(flow, analysis);
        const full = encodeVisuals(flow, analysis);
        expect(visuals, `step ${step} (${next.kind})`).toEqual(full);
        // Untouched visuals keep their objects, so memoised canvas nodes skip rendering.
        for (const [nodeId, v] of visuals)
          if (JSON.stringify(previous.get(nodeId)) === JSON.stringify(v))
            expect(v).toBe(previous.get(nodeId));
        if (next.kind === "param") params += 1;
      }
      // Most parameter edits were encoded incrementally (a flipped order flag encodes everything).
      expect(cache.fullEncodes - before).toBeLessThan(150 - params / 2);
    },
  );

  it("follows an order flag that a parameter edit flips (a shape upstream becomes unknown)", () => {
    const conv = (kernel: number): TFlowNode => ({
      id: "conv",
      type: "Conv2d",
      params: { out_channels: 8, kernel_size: kernel },
    });
    const base: TModelFlow = {
      format: "layerwise.model-flow",
      version: 1,
      name: "relu before norm",
      nodes: [
        { id: "input", type: "Input", params: { shape: [3, 32, 32] } },
        conv(3),
        { id: "relu", type: "ReLU", params: {} },
        { id: "bn", type: "BatchNorm2d", params: {} },
        { id: "relu2", type: "ReLU", params: {} },
      ],
      edges: [
        { source: "input", target: "conv" },
        { source: "conv", target: "relu" },
        { source: "relu", target: "bn" },
        { source: "bn", target: "relu2" },
      ],
    };
    const analyzer = createAnalyzer(base);
    const cache = new VisualCache();
    expect(cache.encode(base, analyzer.analysis).get("bn")?.outOfOrder).toBe(true);
    let flow = base;
    for (const kernel of [64, 3, 5, 99]) {
      const nodes = flow.nodes.slice();
      nodes[1] = conv(kernel);
      flow = { ...flow, nodes };
      const analysis = analyzer.setDoc(flow);
      expect(cache.encode(flow, analysis), `kernel ${kernel}`).toEqual(
        encodeVisuals(flow, analysis),
      );
    }
  });

  it("encodes nothing again when neither the nodes nor the analysis changed", () => {
    const flow = loadTemplate("unet-small");
    const analyzer = createAnalyzer(flow);
    const cache = new VisualCache();
    const first = cache.encode(flow, analyzer.analysis);
    expect(cache.encode(flow, analyzer.analysis)).toBe(first);
    expect(cache.fullEncodes).toBe(1);
  });
});
