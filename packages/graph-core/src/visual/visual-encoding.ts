import type { TAnalysis } from "../analysis/types";
import type { TModelFlow, TShape } from "../graph/types";
import { getLayerDef } from "../layers/registry";
import type { TLayerDef, TLayerFamily, TOrderRole } from "../layers/types";
import { FAMILY_COLORS, ROLE_BRIGHTNESS, UNKNOWN_COLOR, shade } from "./palette";

/** Finds the catalogue entry for a node type (the registry's `getLayerDef`). */
export type TLayerLookup = (type: string) => TLayerDef | undefined;

/** How one node is drawn: size encodes the tensor, colour the family, brightness the order role. */
export interface TNodeVisual {
  /** Pixels; grows with log2(channels). */
  width: number;
  /** Pixels; grows with log2(spatial size). */
  height: number;
  /** Family base colour (`#rrggbb`). */
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

/** Constants of the size encoding: `clamp(base + slope·log2(x), min, max)`, rounded. */
export const SIZE_ENCODING = {
  width: { base: 48, slope: 10, min: 48, max: 180 },
  height: { base: 28, slope: 12, min: 28, max: 140 },
  /** Size of a node whose shape is unknown: neutral, so it does not pretend to know. */
  unknown: { width: 96, height: 56 },
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

function encode(x: number, e: { base: number; slope: number; min: number; max: number }): number {
  const raw = e.base + e.slope * Math.log2(Math.max(1, x));
  return Math.round(Math.min(e.max, Math.max(e.min, raw)));
}

/** Width in pixels for a channel count (log-scaled, clamped). */
export function widthForChannels(channels: number): number {
  return encode(channels, SIZE_ENCODING.width);
}

/** Height in pixels for a spatial extent (log-scaled, clamped). */
export function heightForSpatial(spatial: number): number {
  return encode(spatial, SIZE_ENCODING.height);
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
  const defs = new Map<string, TLayerDef | undefined>();
  for (const n of doc.nodes) defs.set(n.id, lookup(n.type));
  const outOfOrder = findOutOfOrder(doc, analysis, (id) => defs.get(id)?.orderRole ?? null);

  const out = new Map<string, TNodeVisual>();
  for (const node of doc.nodes) {
    const def = defs.get(node.id);
    const family = def?.family ?? null;
    const brightness = ROLE_BRIGHTNESS[def?.orderRole ?? "none"];
    const color = family ? FAMILY_COLORS[family] : UNKNOWN_COLOR;
    const shape = analysis.nodes.get(node.id)?.shape ?? null;
    let width: number = SIZE_ENCODING.unknown.width;
    let height: number = SIZE_ENCODING.unknown.height;
    let channels: number | null = null;
    let spatial: number | null = null;
    if (shape) {
      ({ channels, spatial } = channelsAndSpatial(shape, family));
      width = widthForChannels(channels);
      height = heightForSpatial(spatial);
    }
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

const FILL_CACHE = new Map<string, string>();

/** `shade` is pure and there are only families × roles combinations: compute each once. */
function shadeCached(color: string, brightness: number): string {
  const key = `${color}/${brightness}`;
  let fill = FILL_CACHE.get(key);
  if (fill === undefined) {
    fill = shade(color, brightness);
    FILL_CACHE.set(key, fill);
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
  for (const [id, a] of analysis.nodes) {
    if (a.diagnostics.some((d) => d.code === "layer-order")) flagged.add(id);
  }
  for (const d of analysis.diagnostics) if (d.code === "layer-order" && d.node) flagged.add(d.node);
  const indegree = new Map<string, number>();
  for (const e of doc.edges) indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
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
