/**
 * Synthetic model-flow documents for the benchmark: a conv/BN/ReLU chain and a U-Net-like graph
 * (stacked three-level U units with skip concatenations), both of an exact node count.
 */
import type { TFlowEdge, TFlowNode, TModelFlow } from "../src/graph/types";

function doc(name: string, nodes: TFlowNode[], edges: TFlowEdge[]): TModelFlow {
  return { format: "layerwise.model-flow", version: 1, name, nodes, edges };
}

/** Input → (Conv2d → BatchNorm2d → ReLU)* → Output, exactly `n` nodes; shapes stay [16, 32, 32]. */
export function chainGraph(n: number): TModelFlow {
  const nodes: TFlowNode[] = [{ id: "input", type: "Input", params: { shape: [16, 32, 32] } }];
  const edges: TFlowEdge[] = [];
  const cycle: { type: string; params: TFlowNode["params"] }[] = [
    { type: "Conv2d", params: { out_channels: 16, kernel_size: 3, padding: 1, bias: false } },
    { type: "BatchNorm2d", params: {} },
    { type: "ReLU", params: {} },
  ];
  for (let i = 1; i < n - 1; i++) {
    const layer = cycle[(i - 1) % cycle.length]!;
    nodes.push({ id: `n${i}`, type: layer.type, params: { ...layer.params } });
    edges.push({ source: nodes[i - 1]!.id, target: `n${i}` });
  }
  nodes.push({
    id: "output",
    type: "Output",
    params: { task: "multiclass-segmentation", num_classes: 16 },
  });
  edges.push({ source: nodes[nodes.length - 2]!.id, target: "output" });
  return doc(`chain-${n}`, nodes, edges);
}

/**
 * Stacked U units: conv, pool, conv, pool, conv, up, cat(skip), conv, up, cat(skip), conv —
 * 11 nodes and two long skip edges per unit, 64 → 16 → 64 spatial; padded with ReLUs to `n`.
 */
export function unetGraph(n: number): TModelFlow {
  const nodes: TFlowNode[] = [{ id: "input", type: "Input", params: { shape: [8, 64, 64] } }];
  const edges: TFlowEdge[] = [];
  let last = "input";
  let k = 0;
  const add = (type: string, params: TFlowNode["params"], ...sources: string[]): string => {
    const id = `n${k++}`;
    nodes.push({ id, type, params });
    sources.forEach((s, port) =>
      edges.push(sources.length > 1 ? { source: s, target: id, port } : { source: s, target: id }),
    );
    return id;
  };
  const conv = (src: string) => add("Conv2d", { out_channels: 8, kernel_size: 3, padding: 1 }, src);
  while (nodes.length + 11 <= n - 1) {
    const c1 = conv(last);
    const p1 = add("MaxPool2d", { kernel_size: 2 }, c1);
    const c2 = conv(p1);
    const p2 = add("MaxPool2d", { kernel_size: 2 }, c2);
    const c3 = conv(p2);
    const u2 = add("ConvTranspose2d", { out_channels: 8, kernel_size: 2, stride: 2 }, c3);
    const cat2 = add("Concat", { dim: 1 }, c2, u2);
    const d2 = conv(cat2);
    const u1 = add("ConvTranspose2d", { out_channels: 8, kernel_size: 2, stride: 2 }, d2);
    const cat1 = add("Concat", { dim: 1 }, c1, u1);
    last = conv(cat1);
  }
  while (nodes.length < n - 1) last = add("ReLU", {}, last);
  nodes.push({
    id: "output",
    type: "Output",
    params: { task: "multiclass-segmentation", num_classes: 8 },
  });
  edges.push({ source: last, target: "output" });
  return doc(`unet-${n}`, nodes, edges);
}

/** A graph under construction: `add` appends a node fed by `sources` (ports when several). */
function builder(input: TFlowNode) {
  const nodes: TFlowNode[] = [input];
  const edges: TFlowEdge[] = [];
  let k = 0;
  const add = (type: string, params: TFlowNode["params"], ...sources: string[]): string => {
    const id = `${type.toLowerCase()}_${k++}`;
    nodes.push({ id, type, params });
    sources.forEach((s, port) =>
      edges.push(sources.length > 1 ? { source: s, target: id, port } : { source: s, target: id }),
    );
    return id;
  };
  return { nodes, edges, add };
}

/**
 * What an importer makes of a very deep ResNet (ResNet-1001 style): a stem, then `blocks`
 * pre-activation bottlenecks (BN → ReLU → 1×1 conv → BN → ReLU → 3×3 conv → BN → ReLU → 1×1
 * conv → Add with the skip, 9 layers each) over three stages with a projection conv at each
 * stage change, then pooling and a classifier. 333 blocks ≈ 3,000 nodes.
 */
export function deepResNetGraph(blocks = 333): TModelFlow {
  const g = builder({ id: "input", type: "Input", params: { shape: [3, 32, 32] } });
  const conv = (src: string, out: number, k: number, stride = 1) =>
    g.add(
      "Conv2d",
      { out_channels: out, kernel_size: k, stride, padding: (k - 1) / 2, bias: false },
      src,
    );
  let x = conv("input", 16, 3);
  const perStage = Math.ceil(blocks / 3);
  for (let b = 0; b < blocks; b++) {
    const stage = Math.floor(b / perStage);
    const width = 16 << stage;
    const first = b % perStage === 0;
    const stride = first && stage > 0 ? 2 : 1;
    const skip = first ? conv(x, width * 4, 1, stride) : x;
    let y = g.add("ReLU", {}, g.add("BatchNorm2d", {}, x));
    y = conv(y, width, 1);
    y = conv(g.add("ReLU", {}, g.add("BatchNorm2d", {}, y)), width, 3, stride);
    y = conv(g.add("ReLU", {}, g.add("BatchNorm2d", {}, y)), width * 4, 1);
    x = g.add("Add", {}, y, skip);
  }
  x = g.add("ReLU", {}, g.add("BatchNorm2d", {}, x));
  x = g.add("Flatten", {}, g.add("AdaptiveAvgPool2d", { output_size: 1 }, x));
  x = g.add("Linear", { out_features: 10 }, x);
  g.add("Output", { task: "classification", num_classes: 10 }, x);
  return doc(`deep-resnet-${blocks}`, g.nodes, g.edges);
}

/**
 * What an importer makes of a deep pre-norm transformer encoder traced to torch.nn leaves:
 * per layer LayerNorm → MultiheadAttention → Dropout → Add, LayerNorm → Linear → GELU →
 * Dropout → Linear → Dropout → Add (11 nodes), on a [64, 128] token sequence. 272 layers ≈
 * 3,000 nodes.
 */
export function deepTransformerGraph(layers = 272): TModelFlow {
  const g = builder({ id: "input", type: "Input", params: { shape: [64, 128] } });
  let x = "input";
  for (let l = 0; l < layers; l++) {
    let y = g.add("LayerNorm", { normalized_shape: [128] }, x);
    y = g.add("MultiheadAttention", { embed_dim: 128, num_heads: 4 }, y);
    x = g.add("Add", {}, g.add("Dropout", { p: 0.1 }, y), x);
    y = g.add("Linear", { out_features: 512 }, g.add("LayerNorm", { normalized_shape: [128] }, x));
    y = g.add("Linear", { out_features: 128 }, g.add("Dropout", { p: 0.1 }, g.add("GELU", {}, y)));
    x = g.add("Add", {}, g.add("Dropout", { p: 0.1 }, y), x);
  }
  x = g.add("Flatten", {}, g.add("LayerNorm", { normalized_shape: [128] }, x));
  g.add(
    "Output",
    { task: "classification", num_classes: 10 },
    g.add("Linear", { out_features: 10 }, x),
  );
  return doc(`deep-transformer-${layers}`, g.nodes, g.edges);
}
