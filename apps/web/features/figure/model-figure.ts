import {
  analyze,
  type TAnalysis,
  type TLayoutMode,
  type TModelFlow,
  type TPosition,
} from "@layerwise/graph-core";
import { FIGURE_TEXT, computeModelGeometry, textWidth } from "@layerwise/model-summary";
import { rowLabels } from "../canvas/row-labels";

/**
 * What the export reads of the editor's state: the model, where the canvas draws each node, and
 * (for the U-Net rows' labels) the alignment and the analysis the canvas shows.
 */
export interface TFigureSource {
  flow: TModelFlow;
  nodes: readonly { id: string; position: TPosition }[];
  meta?: { alignment: TLayoutMode };
  analysis?: TAnalysis;
}

/** Row labels ("128²") are larger than the bars' text: they name the figure's levels. */
const ROW_LABEL_SIZE = 14;

const FONT = "ui-sans-serif, system-ui, sans-serif";
const MONO = "ui-monospace, monospace";

function esc(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

/**
 * The model as a standalone SVG in the paper's style, drawn as the canvas draws it: each layer a
 * bar whose width encodes channels and height spatial size (graph-core's encoding, at the
 * canvas's positions), named as in the code ("DoubleConv 64") on a slant above it with its output
 * shape below, and edges along graph-core's routes — skips arc over the layers between their
 * ends — with arrowheads. Text is at least 11 px at the SVG's own size. Built from the model (not
 * a DOM capture), so it is crisp at any scale.
 */
export function modelToSvg(state: TFigureSource, dark = false): string {
  if (!state.flow.nodes.length)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"/>`;
  const positions = new Map<string, TPosition>(state.nodes.map((n) => [n.id, n.position]));
  const g = computeModelGeometry(state.flow, new Map(), { positions, labels: true });
  const rows = state.meta?.alignment === "unet" ? figureRowLabels(state, g.nodes) : ([] as const);
  // The labels sit left of the leftmost bar: the picture widens to keep them whole.
  const labelsLeft = Math.min(
    ...rows.map((r) => r.x - textWidth(r.label, ROW_LABEL_SIZE) - ROW_LABEL_SIZE),
  );
  const minX = Math.min(g.viewBox.x, labelsLeft);
  const { y: minY, height: h } = g.viewBox;
  const w = g.viewBox.width + (g.viewBox.x - minX);
  const ink = dark ? "#e2e8f0" : "#1e293b";
  const line = dark ? "#cbd5e1" : "#475569";
  const parts: string[] = [
    `<defs><marker id="lw-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${line}"/></marker></defs>`,
    `<rect x="${minX}" y="${minY}" width="${w}" height="${h}" fill="${dark ? "#0f172a" : "#ffffff"}"/>`,
  ];
  for (const r of rows)
    parts.push(
      `<text x="${r.x}" y="${r.y}" text-anchor="end" dominant-baseline="central" font-family="${MONO}" font-size="${ROW_LABEL_SIZE}" font-weight="600" fill="${dark ? "#64748b" : "#94a3b8"}" data-row-label="">${esc(r.label)}</text>`,
    );
  for (const e of g.edges)
    parts.push(
      `<path d="${e.d}" fill="none" stroke="${line}" stroke-width="1.5" marker-end="url(#lw-arrow)"/>`,
    );
  for (const n of g.nodes) {
    const stroke = n.hasError ? "#dc2626" : dark ? "#ffffff33" : "#0f172a33";
    const cx = n.x + n.width / 2;
    parts.push(
      `<rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="2" fill="${n.fill}" stroke="${stroke}"${n.hasError ? ' stroke-width="2"' : ""}/>`,
      `<text x="${cx}" y="${n.y - 4}" transform="rotate(-${FIGURE_TEXT.slant} ${cx} ${n.y - 4})" font-family="${FONT}" font-size="${FIGURE_TEXT.title}" fill="${ink}">${esc(n.label)}</text>`,
      `<text x="${cx}" y="${n.y + n.height + 4 + FIGURE_TEXT.shape}" transform="rotate(${FIGURE_TEXT.slant} ${cx} ${n.y + n.height + 4})" font-family="${MONO}" font-size="${FIGURE_TEXT.shape}" fill="${ink}">${esc(n.shape)}</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(w)}" height="${Math.ceil(h)}" viewBox="${minX} ${minY} ${w} ${h}">${parts.join("")}</svg>`;
}

/** The canvas's row labels for the figure's bars (shapes from the editor's analysis). */
function figureRowLabels(
  state: TFigureSource,
  bars: readonly { id: string; x: number; y: number; height: number }[],
) {
  const analysis = state.analysis ?? analyze(state.flow);
  return rowLabels(bars.map((b) => ({ ...b, shape: analysis.nodes.get(b.id)?.shape ?? null })));
}

/** Rasterises an SVG string to a PNG blob at `scale` (2 = print-friendly). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(img.width * scale);
    canvas.height = Math.ceil(img.height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("Canvas 2D is not available");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))),
        "image/png",
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
