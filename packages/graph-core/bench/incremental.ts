/**
 * The incremental measurements: one param edit on an existing analyzer, as the editor does on a
 * keystroke in the inspector. Each call flips the param between two values, so every run is a
 * real change (nothing is served from "same params" shortcuts). Both edits stay local: a width
 * change reaches the norm / activation after the layer and the next layer's parameter count, an
 * eps / dropout p / padding mode changes no result at all.
 */
import { createAnalyzer } from "../src/analysis/analyze";
import type { TFlowNode, TJsonValue, TModelFlow } from "../src/graph/types";

const WIDTH: Record<string, string> = { Conv2d: "out_channels", Linear: "out_features" };
/** What a width edit should feed for its effect to stay local. */
const NORM_OR_ACTIVATION = new Set(["BatchNorm2d", "LayerNorm", "GELU", "ReLU"]);

function middle<T>(list: T[]): T | undefined {
  return list[Math.floor(list.length / 2)];
}

function flipper(doc: TModelFlow, target: TFlowNode, name: string, a: unknown, b: unknown) {
  const analyzer = createAnalyzer(doc);
  let flip = false;
  return () => {
    flip = !flip;
    analyzer.setParams(target.id, { ...target.params, [name]: (flip ? b : a) as TJsonValue });
  };
}

/** The width edit's target: see `incrementalStep`. */
function widthTarget(doc: TModelFlow): { target: TFlowNode; name: string; base: number } | null {
  const typeOf = new Map(doc.nodes.map((n) => [n.id, n.type]));
  const feedsNorm = new Set(
    doc.edges
      .filter((e) => NORM_OR_ACTIVATION.has(typeOf.get(e.target) ?? ""))
      .map((e) => e.source),
  );
  const wide = doc.nodes.filter((n) => WIDTH[n.type] !== undefined);
  const target = middle(wide.filter((n) => feedsNorm.has(n.id))) ?? middle(wide);
  if (target === undefined) return null;
  const name = WIDTH[target.type]!;
  const value = target.params[name];
  return { target, name, base: typeof value === "number" ? value : 8 };
}

/**
 * Width edit: the middle Conv2d / Linear that feeds a norm or activation (the middle one of any
 * kind when none does), out_channels / out_features + 1. Null when the graph has none.
 */
export function incrementalStep(doc: TModelFlow): (() => void) | null {
  const w = widthTarget(doc);
  return w === null ? null : flipper(doc, w.target, w.name, w.base, w.base + 1);
}

/**
 * The same width edit the way the editor delivers it: a new document from the Y.Doc mirror
 * (every other node object kept) handed to `setDoc`, which first finds what changed.
 */
export function setDocStep(doc: TModelFlow): (() => void) | null {
  const w = widthTarget(doc);
  if (w === null) return null;
  const k = doc.nodes.indexOf(w.target);
  const edited = doc.nodes.slice();
  edited[k] = { ...w.target, params: { ...w.target.params, [w.name]: w.base + 1 } };
  const docs = [
    { ...doc, nodes: edited },
    { ...doc, nodes: doc.nodes.slice() },
  ];
  const analyzer = createAnalyzer(doc);
  let flip = 0;
  return () => {
    flip = 1 - flip;
    analyzer.setDoc(docs[flip]!);
  };
}

/** Params that change no shape or count, by layer type, with two values to flip between. */
const SHAPELESS: [string, string, unknown, unknown][] = [
  ["BatchNorm2d", "eps", 1e-5, 1e-3],
  ["Dropout", "p", 0.1, 0.2],
  ["Conv2d", "padding_mode", "zeros", "reflect"],
];

/**
 * A param edit that changes no result (a BatchNorm's eps, a Dropout's p, a conv's padding
 * mode) on the middle layer of the first such type the graph has; null when it has none.
 */
export function shapelessStep(doc: TModelFlow): (() => void) | null {
  for (const [type, name, a, b] of SHAPELESS) {
    const target = middle(doc.nodes.filter((n) => n.type === type));
    if (target !== undefined) return flipper(doc, target, name, a, b);
  }
  return null;
}
