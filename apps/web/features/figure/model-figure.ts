import type { TEditorState } from "../editor/editor-store";

const PAD = 24;
const FONT = "ui-sans-serif, system-ui, sans-serif";

function esc(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

/**
 * The model as a standalone SVG in the paper's style: each layer a box whose width encodes
 * channels and height spatial size, its title above and output shape below, edges as curves.
 * Built from the model (not a DOM capture), so it is crisp at any scale and needs no fonts.
 */
export function modelToSvg(
  state: Pick<TEditorState, "flow" | "visuals" | "nodes">,
  dark = false,
): string {
  const boxes = state.nodes.map((n) => ({
    id: n.id,
    x: n.position.x,
    y: n.position.y,
    w: n.data.visual.width,
    h: n.data.visual.height,
    data: n.data,
  }));
  if (!boxes.length) return `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"/>`;
  const minX = Math.min(...boxes.map((b) => b.x)) - PAD - 40;
  const minY = Math.min(...boxes.map((b) => b.y)) - PAD - 14;
  const maxX = Math.max(...boxes.map((b) => b.x + b.w)) + PAD + 40;
  const maxY = Math.max(...boxes.map((b) => b.y + b.h)) + PAD + 14;
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const ink = dark ? "#e2e8f0" : "#1e293b";
  const parts: string[] = [];
  parts.push(
    `<rect x="${minX}" y="${minY}" width="${maxX - minX}" height="${maxY - minY}" fill="${dark ? "#0f172a" : "#ffffff"}"/>`,
  );
  for (const e of state.flow.edges) {
    const a = byId.get(e.source);
    const b = byId.get(e.target);
    if (!a || !b) continue;
    const x1 = a.x + a.w;
    const y1 = a.y + a.h / 2;
    const x2 = b.x;
    const y2 = b.y + b.h / 2;
    const dx = Math.max(30, (x2 - x1) / 2);
    parts.push(
      `<path d="M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}" fill="none" stroke="${dark ? "#64748b" : "#94a3b8"}" stroke-width="1.5"/>`,
    );
  }
  for (const b of boxes) {
    const stroke = b.data.severity === "error" ? "#dc2626" : "#0f172a33";
    parts.push(
      `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="3" fill="${b.data.visual.fill}" stroke="${stroke}"/>`,
    );
    parts.push(
      `<text x="${b.x + b.w / 2}" y="${b.y - 4}" font-family="${FONT}" font-size="10" text-anchor="middle" fill="${ink}">${esc(b.data.title)}</text>`,
    );
    parts.push(
      `<text x="${b.x + b.w / 2}" y="${b.y + b.h + 11}" font-family="ui-monospace, monospace" font-size="9" text-anchor="middle" fill="${ink}">${esc(b.data.shapeText)}</text>`,
    );
  }
  const w = maxX - minX;
  const h = maxY - minY;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${minX} ${minY} ${w} ${h}">${parts.join("")}</svg>`;
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
