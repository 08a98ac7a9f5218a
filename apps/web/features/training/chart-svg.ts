import type { TCurve } from "./curves";

/*
 * uPlot draws on a canvas and has no vector output (its "svg-image" demo wraps the DOM, canvas
 * included as pixels, in a foreignObject). For an SVG export this writes the same curves as
 * plain SVG: a frame, five ticks per axis, one polyline per curve and a legend. Nothing more.
 */

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Tick values: `count` evenly spaced values from min to max, rounded for reading. */
function ticks(min: number, max: number, count = 5): number[] {
  if (min === max) return [min];
  return Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1));
}

const label = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();

/** The extent of every point's x and y (y widened to `yRange` when given). */
function extent(curves: readonly TCurve[], yRange?: [number, number]) {
  const xs = curves.flatMap((c) => c.points.map(([x]) => x));
  const ys = curves.flatMap((c) => c.points.map(([, y]) => y));
  const [y0, y1] = yRange ?? [Math.min(...ys), Math.max(...ys)];
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0, y1 };
}

/** The curves as a standalone SVG document (`width` × `height` user units). */
export function curvesToSvg(options: {
  title: string;
  xLabel: string;
  curves: readonly TCurve[];
  yRange?: [number, number];
  width?: number;
  height?: number;
}): string {
  const { title, xLabel, curves, yRange, width = 640, height = 320 } = options;
  const m = { left: 56, right: 16, top: 28, bottom: 56 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const drawn = curves.filter((c) => c.points.length > 0);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#94a3b8"/>`,
  ];
  if (drawn.length > 0) {
    const { x0, x1, y0, y1 } = extent(drawn, yRange);
    const sx = (x: number) => m.left + (x1 === x0 ? pw / 2 : ((x - x0) / (x1 - x0)) * pw);
    const sy = (y: number) => m.top + ph - (y1 === y0 ? ph / 2 : ((y - y0) / (y1 - y0)) * ph);
    for (const t of ticks(x0, x1))
      parts.push(
        `<text x="${sx(t).toFixed(1)}" y="${m.top + ph + 14}" text-anchor="middle">${label(t)}</text>`,
      );
    for (const t of ticks(y0, y1))
      parts.push(
        `<text x="${m.left - 4}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${label(t)}</text>`,
      );
    for (const c of drawn) {
      const points = c.points.map(([x, y]) => `${sx(x).toFixed(2)},${sy(y).toFixed(2)}`).join(" ");
      const dash = c.dash ? ` stroke-dasharray="${c.dash.join(" ")}"` : "";
      parts.push(
        `<polyline data-label="${esc(c.label)}" fill="none" stroke="${esc(c.color)}" stroke-width="1.5"${dash} points="${points}"/>`,
      );
    }
  }
  parts.push(
    `<text x="${m.left + pw / 2}" y="${m.top + ph + 30}" text-anchor="middle">${esc(xLabel)}</text>`,
  );
  drawn.forEach((c, i) => {
    const x = m.left + i * 120;
    const y = height - 8;
    parts.push(
      `<line x1="${x}" y1="${y - 4}" x2="${x + 16}" y2="${y - 4}" stroke="${esc(c.color)}" stroke-width="2"/>`,
      `<text x="${x + 20}" y="${y}">${esc(c.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
