import type { TLayerFamily, TOrderRole } from "../layers/types";

/**
 * Base colour per layer family. Hues are far apart for the families that sit next to each other
 * in a typical chain (convolution / normalization / activation / pooling) so that a glance tells
 * them apart; brightness then encodes the position inside the conv → norm → activation step.
 */
export const FAMILY_COLORS: Readonly<Record<TLayerFamily, string>> = {
  io: "#64748b",
  convolution: "#2563eb",
  pooling: "#0d9488",
  upsampling: "#7c3aed",
  padding: "#94a3b8",
  normalization: "#d97706",
  activation: "#16a34a",
  dropout: "#a8a29e",
  reshape: "#78716c",
  linear: "#db2777",
  recurrent: "#ea580c",
  attention: "#dc2626",
  embedding: "#9333ea",
  merge: "#0891b2",
  block: "#4f46e5",
  unsupported: "#be123c",
};

/** Colour for a node whose type is not in the catalogue. */
export const UNKNOWN_COLOR = "#6b7280";

/**
 * Brightness (0 = black, 1 = white, 0.5 = the base colour) per order role: conv darkest, norm in
 * the middle, activation brightest, so a well-ordered chain reads as a dark → light ramp and a
 * misplaced activation shows up as a bright block before a darker one.
 */
export const ROLE_BRIGHTNESS: Readonly<Record<NonNullable<TOrderRole> | "none", number>> = {
  conv: 0.35,
  norm: 0.5,
  activation: 0.65,
  none: 0.5,
};

/**
 * Mixes `hex` towards black (brightness < 0.5) or white (> 0.5). Deterministic, integer channels.
 */
export function shade(hex: string, brightness: number): string {
  const b = Math.min(1, Math.max(0, brightness));
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const mixed = rgb.map((c) => (b <= 0.5 ? c * (b / 0.5) : c + (255 - c) * ((b - 0.5) / 0.5)));
  return `#${mixed.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}
