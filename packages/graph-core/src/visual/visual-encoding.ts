import type { TAnalysis } from "../analysis/types";
import { IdMap, indexByLastId } from "../graph/id-map";
import type { TModelFlow, TShape } from "../graph/types";
import { getLayerDef } from "../layers/registry";
import type { TLayerDef, TLayerFamily, TOrderRole } from "../layers/types";
import { FAMILY_COLORS, ROLE_BRIGHTNESS, UNKNOWN_COLOR, shade } from "./palette";

/** Finds the catalogue entry for a node type (the registry's `getLayerDef`). */
export type TLayerLookup = (type: string) => TLayerDef | undefined;

/**
 * How one node is drawn: size encodes the tensor, colour the family (or the run of layers in the
 * recommended order it belongs to), brightness the order role.
 */
export interface TNodeVisual {
  /** Pixels; a power of the channel count (see {@link SIZE_ENCODING}). */
  width: number;
  /** Pixels; a power of the spatial size (see {@link SIZE_ENCODING}). */
  height: number;
  /**
   * Base colour (`#rrggbb`): the family's, except that a layer continuing a conv → norm →
   * activation run takes the hue of the run's first layer, so a well-ordered block reads as one
   * hue in stepped lightness (the paper's continuous colour) and a misplaced layer breaks it.
   */
  color: string;
  /** `color` shaded by `brightness`: what the canvas fills the node with. */
  fill: string;
  /** 0..1; conv < norm < activation along the recommended order. */
  brightness: number;
  /** True when the node breaks the conv → norm → activation order (e.g. ReLU before its BatchNorm). */
  outOfOrder: boolean;
  family: TLayerFamily | null;
  /** Channel / feature count the width was computed from; null when the shape is unknown. */
  channels: number | null;
  /** Largest spatial extent the height was computed from; 1 for flat vectors, null when unknown. */
  spatial: number | null;
}

/**
 * Constants of the size encoding: `clamp(scale · x^exponent, min, max)`, rounded. A power law
 * (not a logarithm) so that the range a person must see at once is really there: 64 → 512
 * channels widen a bar 2.3×, 16² → 128² makes it 3.5× taller, while 1 000 000-pixel inputs stay
 * on screen. The exponents are below 1 because a linear scale would make a 7² bottleneck
 * invisible next to a 224² input.
 */
export const SIZE_ENCODING = {
  width: { scale: 4, exponent: 0.4, min: 8, max: 120 },
  height: { scale: 12, exponent: 0.6, min: 32, max: 420 },
  /** Size of a node whose shape is unknown: neutral, so it does not pretend to know. */
  unknown: { width: 40, height: 40 },
} as const;

/** Options of {@link encodeVisuals}. */
export interface TVisualOptions {
  /** Catalogue lookup; the registry by default (tests pass a fake). */
  lookup?: TLayerLookup;
  /**
   * The previous encoding: a node whose visual did not change keeps its object (===), so
   * memoised canvas nodes do not re-render after an unrelated edit.
   */
  previous?: ReadonlyMap<string, TNodeVisual>;
}

/** Families whose 2-D outputs are `[C, L]` (Conv1d & co.) rather than `[tokens, features]`. */
const CHANNEL_FIRST_2D: ReadonlySet<TLayerFamily> = new Set([
  "convolution",
  "pooling",
  "upsampling",
  "padding",
]);

/**
 * Splits a shape into (channels, spatial): `[C, H, W]` → (C, max(H, W)); `[F]` → (F, 1);
 * 2-D shapes are `[C, L]` for convolution-like families and `[L, E]` (tokens) otherwise.
 */
export function channelsAndSpatial(
  shape: TShape,
  family: TLayerFamily | null,
): { channels: number; spatial: number } {
  if (shape.length === 0) return { channels: 1, spatial: 1 };
  if (shape.length === 1) return { channels: shape[0] ?? 1, spatial: 1 };
  if (shape.length === 2) {
    const [a = 1, b = 1] = shape;
    return family && CHANNEL_FIRST_2D.has(family)
      ? { channels: a, spatial: b }
      : { channels: b, spatial: a };
  }
  let spatial = 1;
  for (let i = 1; i < shape.length; i++) spatial = Math.max(spatial, shape[i]!);
  return { channels: shape[0] ?? 1, spatial };
}

/**
 * The spatial dims of a shape (what U-Net rows are keyed by): `[C, H, W]` → `[H, W]`, `[F]` → `[]`,
 * 2-D shapes follow the same `[C, L]` / `[L, E]` rule as {@link channelsAndSpatial}.
 */
export function spatialDims(shape: TShape, family: TLayerFamily | null): number[] {
  if (shape.length <= 1) return [];
  if (shape.length === 2) {
    const [a = 1, b = 1] = shape;
    return family && CHANNEL_FIRST_2D.has(family) ? [b] : [a];
  }
  return shape.slice(1);
}

function encode(
  x: number,
  e: { scale: number; exponent: number; min: number; max: number },
): number {
  const raw = e.scale * Math.pow(Math.max(1, x), e.exponent);
  return Math.round(Math.min(e.max, Math.max(e.min, raw)));
}

/** Width in pixels for a channel count (power-scaled, clamped). */
export function widthForChannels(channels: number): number {
  return encode(channels, SIZE_ENCODING.width);
}

/** Height in pixels for a spatial extent (power-scaled, clamped). */
export function heightForSpatial(spatial: number): number {
  return encode(spatial, SIZE_ENCODING.height);
}

/** A node's drawn size and the channels and spatial extent it shows, from its output shape. */
export function nodeSize(
  shape: TShape | null,
  family: TLayerFamily | null,
): Pick<TNodeVisual, "width" | "height" | "channels" | "spatial"> {
  if (!shape) return { ...SIZE_ENCODING.unknown, channels: null, spatial: null };
  const { channels, spatial } = channelsAndSpatial(shape, family);
  return {
    width: widthForChannels(channels),
    height: heightForSpatial(spatial),
    channels,
    spatial,
  };
}

/**
 * Visual encoding of every node of `doc` (VIENCE-style): width from channels, height from spatial
 * size, colour from the layer family, brightness from the conv → norm → activation role, and the
 * out-of-order flag. Deterministic: depends only on the document and the analysis.
 */
export function encodeVisuals(
  doc: TModelFlow,
  analysis: TAnalysis,
  options: TVisualOptions = {},
): Map<string, TNodeVisual> {
  const lookup = options.lookup ?? getLayerDef;
  const previous = options.previous;
  // Per-node facts by document position, found through one id index: a Map per fact cost
  // milliseconds at 10,000 nodes (see IdMap); only the result is a Map.
  const nodes = doc.nodes;
  const at = indexByLastId(nodes);
  const defs = new Array<TLayerDef | undefined>(nodes.length);
  for (let i = 0; i < nodes.length; i++) defs[i] = lookup(nodes[i]!.type);
  const defOf = (id: string): TLayerDef | undefined => {
    const i = at.get(id);
    return i === undefined ? undefined : defs[i];
  };
  const outOfOrder = findOutOfOrder(doc, analysis, (id) => defOf(id)?.orderRole ?? null);
  const runColor = runColors(doc, analysis, at, defs, outOfOrder);

  const out = new Map<string, TNodeVisual>();
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k]!;
    const i = at.get(node.id)!;
    const def = defs[i];
    const family = def?.family ?? null;
    const brightness = ROLE_BRIGHTNESS[def?.orderRole ?? "none"];
    const color = runColor[i] ?? (family ? FAMILY_COLORS[family] : UNKNOWN_COLOR);
    const { width, height, channels, spatial } = nodeSize(
      analysis.nodes.get(node.id)?.shape ?? null,
      family,
    );
    const isOutOfOrder = outOfOrder.has(node.id);
    const old = previous?.get(node.id);
    if (
      old !== undefined &&
      old.width === width &&
      old.height === height &&
      old.color === color &&
      old.brightness === brightness &&
      old.outOfOrder === isOutOfOrder &&
      old.family === family &&
      old.channels === channels &&
      old.spatial === spatial
    ) {
      out.set(node.id, old);
      continue;
    }
    const fill = shadeCached(color, brightness);
    out.set(node.id, {
      width,
      height,
      color,
      fill,
      brightness,
      outOfOrder: isOutOfOrder,
      family,
      channels,
      spatial,
    });
  }
  return out;
}

/** Position of a role along the recommended order conv → norm → activation. */
const ROLE_RANK: Readonly<Record<NonNullable<TOrderRole>, number>> = {
  conv: 0,
  norm: 1,
  activation: 2,
};

/**
 * The run hue of every layer that continues a run in the recommended order: a norm or activation
 * whose only input is an earlier step of the order (conv → norm, norm → activation, conv →
 * activation) and is not itself out of order takes that input's hue. Walks the analysis order
 * (inputs first), so a whole conv → BN → ReLU block gets the conv's hue in one pass.
 */
function runColors(
  doc: TModelFlow,
  analysis: TAnalysis,
  at: IdMap,
  defs: readonly (TLayerDef | undefined)[],
  outOfOrder: ReadonlySet<string>,
): (string | undefined)[] {
  const n = doc.nodes.length;
  // By target position: its one source id, null when several edges enter, undefined when none.
  const single = new Array<string | null | undefined>(n);
  for (const e of doc.edges) {
    const t = at.get(e.target);
    if (t !== undefined) single[t] = single[t] === undefined ? e.source : null;
  }
  const colors = new Array<string | undefined>(n);
  for (const id of analysis.order) {
    const i = at.get(id);
    if (i === undefined) continue;
    const role = defs[i]?.orderRole;
    if (!role) continue;
    const own = defs[i]?.family;
    const pred = single[i];
    const p = pred ? at.get(pred) : undefined;
    const predRole = p === undefined ? null : defs[p]?.orderRole;
    const continues =
      p !== undefined &&
      predRole &&
      ROLE_RANK[predRole] < ROLE_RANK[role] &&
      !outOfOrder.has(pred!);
    const color = continues ? colors[p] : undefined;
    colors[i] = color ?? (own ? FAMILY_COLORS[own] : UNKNOWN_COLOR);
  }
  return colors;
}

/** Fills by colour, then brightness: no key string is built per node. */
const FILL_CACHE = new Map<string, Map<number, string>>();

/** `shade` is pure and there are only families × roles combinations: compute each once. */
function shadeCached(color: string, brightness: number): string {
  let byBrightness = FILL_CACHE.get(color);
  if (byBrightness === undefined) FILL_CACHE.set(color, (byBrightness = new Map()));
  let fill = byBrightness.get(brightness);
  if (fill === undefined) {
    fill = shade(color, brightness);
    byBrightness.set(brightness, fill);
  }
  return fill;
}

/**
 * Nodes against the recommended order. An activation whose output feeds a normalization directly
 * is flagged (normalising after the non-linearity shifts the statistics the activation was meant
 * to see — the paper's "ReLU before BatchNorm"); so is every node the engine itself reports with
 * a `layer-order` diagnostic, so both views agree.
 */
export function findOutOfOrder(
  doc: TModelFlow,
  analysis: TAnalysis,
  roleOf: (id: string) => TOrderRole,
): Set<string> {
  const flagged = new Set<string>();
  analysis.nodes.forEach((a, id) => {
    if (a.diagnostics.some((d) => d.code === "layer-order")) flagged.add(id);
  });
  for (const d of analysis.diagnostics) if (d.code === "layer-order" && d.node) flagged.add(d.node);
  // Only the in-degree of norms matters (an IdMap: a Map of thousands of ids costs ms).
  const indegree = new IdMap();
  for (const e of doc.edges)
    if (roleOf(e.target) === "norm") indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  for (const e of doc.edges) {
    if (
      roleOf(e.source) === "activation" &&
      roleOf(e.target) === "norm" &&
      indegree.get(e.target) === 1
    ) {
      flagged.add(e.source);
    }
  }
  return flagged;
}
