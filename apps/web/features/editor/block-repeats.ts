import { getLayerDef, type TAnalysis, type TModelFlow } from "@layerwise/graph-core";

type TRole = "conv" | "norm" | "activation" | "other";

function roleOf(type: string): TRole {
  return getLayerDef(type)?.orderRole ?? "other";
}

/** The selected nodes in document order (the order the code's `forward` runs them). */
function inOrder(flow: TModelFlow, ids: ReadonlySet<string>): TModelFlow["nodes"] {
  return flow.nodes.filter((n) => ids.has(n.id));
}

/**
 * The name the code would give a group of layers, with its output channels as the templates and
 * the importer name blocks: a residual unit (a conv path added to its input) is a
 * `ResidualBlock 64`, conv → norm → activation twice a `DoubleConv 64` (the U-Net paper's
 * block), once a `ConvBNReLU 64`. Null for any other structure.
 */
export function blockNameFor(
  flow: TModelFlow,
  analysis: TAnalysis,
  ids: readonly string[],
): string | null {
  const inside = new Set(ids);
  const nodes = inOrder(flow, inside);
  if (nodes.length < 2) return null;
  // The block's output: the one selected layer that feeds nothing else inside the selection.
  const feeding = new Set(
    flow.edges.filter((e) => inside.has(e.source) && inside.has(e.target)).map((e) => e.source),
  );
  const sinks = nodes.filter((n) => !feeding.has(n.id));
  const shape = sinks.length === 1 ? analysis.nodes.get(sinks[0]!.id)?.shape : undefined;
  const suffix = shape && shape.length >= 2 ? ` ${shape[0]}` : "";
  // Dropout between the layers does not change what the block is called.
  const roles = nodes.filter((n) => !n.type.startsWith("Dropout")).map((n) => roleOf(n.type));
  const hasConv = roles.includes("conv");
  if (hasConv && nodes.some((n) => n.type === "Add")) return `ResidualBlock${suffix}`;
  const text = roles.join(",");
  if (text === "conv,norm,activation,conv,norm,activation") return `DoubleConv${suffix}`;
  if (text === "conv,norm,activation") return `ConvBNReLU${suffix}`;
  return null;
}

interface TPatternEdge {
  source: number;
  target: number;
  port: number;
}

/**
 * Every other place in `flow` with the same structure as the selection `ids`: the same layer
 * types wired the same way (ports included) inside, whatever their parameters — the U-Net's
 * DoubleConvs differ only in channels. Matches do not overlap the selection or each other, and
 * each is returned with its ids in the selection's order.
 */
export function findRepeats(flow: TModelFlow, ids: readonly string[]): string[][] {
  const inside = new Set(ids);
  const pattern = inOrder(flow, inside);
  if (pattern.length < 2) return [];
  const index = new Map(pattern.map((n, i) => [n.id, i]));
  const edges: TPatternEdge[] = flow.edges
    .filter((e) => inside.has(e.source) && inside.has(e.target))
    .map((e) => ({
      source: index.get(e.source)!,
      target: index.get(e.target)!,
      port: e.port ?? 0,
    }));
  const typeOf = new Map(flow.nodes.map((n) => [n.id, n.type]));
  const out = new Map<string, { target: string; port: number }[]>();
  const into = new Map<string, { source: string; port: number }[]>();
  const edgeKeys = new Set<string>();
  for (const e of flow.edges) {
    const port = e.port ?? 0;
    out.set(e.source, [...(out.get(e.source) ?? []), { target: e.target, port }]);
    into.set(e.target, [...(into.get(e.target) ?? []), { source: e.source, port }]);
    edgeKeys.add(`${e.source}>${e.target}:${port}`);
  }
  const used = new Set(inside);
  const matches: string[][] = [];
  for (const start of flow.nodes) {
    if (used.has(start.id) || start.type !== pattern[0]!.type) continue;
    const m = match(start.id);
    if (!m) continue;
    matches.push(m);
    for (const id of m) used.add(id);
  }
  return matches;

  /** Grows a mapping from pattern node 0 = `start` along the pattern's edges; null if it breaks. */
  function match(start: string): string[] | null {
    const image: (string | undefined)[] = new Array(pattern.length);
    image[0] = start;
    const taken = new Set([start]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const e of edges) {
        const s = image[e.source];
        const t = image[e.target];
        if (s && !t) {
          const next = (out.get(s) ?? []).find(
            (o) =>
              o.port === e.port &&
              typeOf.get(o.target) === pattern[e.target]!.type &&
              !taken.has(o.target) &&
              !used.has(o.target),
          );
          if (!next) return null;
          image[e.target] = next.target;
          taken.add(next.target);
          grew = true;
        } else if (t && !s) {
          const prev = (into.get(t) ?? []).find(
            (i) =>
              i.port === e.port &&
              typeOf.get(i.source) === pattern[e.source]!.type &&
              !taken.has(i.source) &&
              !used.has(i.source),
          );
          if (!prev) return null;
          image[e.source] = prev.source;
          taken.add(prev.source);
          grew = true;
        }
      }
    }
    if (image.some((id) => id === undefined)) return null;
    const ids = image as string[];
    // The same wiring inside: every pattern edge present, and no extra edge between the images.
    for (const e of edges)
      if (!edgeKeys.has(`${ids[e.source]}>${ids[e.target]}:${e.port}`)) return null;
    const mine = new Set(ids);
    const innerCount = flow.edges.filter((e) => mine.has(e.source) && mine.has(e.target)).length;
    return innerCount === edges.length ? ids : null;
  }
}
