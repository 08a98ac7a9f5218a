import { useId } from "react";
import { FIGURE_TEXT, type THighlight, type TModelGeometry } from "../model-geometry";

const HIGHLIGHT_STROKE: Record<THighlight, string> = {
  added: "#16a34a",
  removed: "#dc2626",
  changed: "#f59e0b",
};

/**
 * A model drawn as SVG from precomputed geometry (server-rendered: dashboard thumbnails,
 * read-only views, version comparison), the way the editor draws it: bars sized by graph-core's
 * encoding, edges along graph-core's routes with arrowheads. Labels (names as in the code above
 * each bar, slanted like a paper figure's) are shown only when `labels` is set, since a thumbnail
 * is too small to read them; compute such geometry with `labels: true` so they fit.
 */
export function ModelPicture({
  geometry,
  labels = false,
  className,
  title,
}: {
  geometry: TModelGeometry;
  labels?: boolean;
  className?: string;
  title: string;
}) {
  const { x, y, width, height } = geometry.viewBox;
  // A highlighted node gets a halo that stays visible however far a large model is scaled down.
  const halo = Math.max(width, height) / 80;
  // Several pictures on one page (compare view): each needs its own marker id.
  const arrow = `arrow-${useId().replace(/:/g, "")}`;
  return (
    <svg
      role="img"
      aria-label={title}
      viewBox={`${x} ${y} ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      className={className}
    >
      <title>{title}</title>
      <defs>
        <marker
          id={arrow}
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b" />
        </marker>
      </defs>
      {/* Strokes in screen pixels: edges stay visible however far a large model is scaled. */}
      <g stroke="#64748b" strokeWidth={1.25} fill="none" data-testid="picture-edges">
        {geometry.edges.map((e) => (
          <path
            key={e.key}
            d={e.d ?? `M ${e.x1} ${e.y1} L ${e.x2} ${e.y2}`}
            vectorEffect="non-scaling-stroke"
            markerEnd={`url(#${arrow})`}
          />
        ))}
      </g>
      <g aria-hidden="true">
        {geometry.nodes.map((n) =>
          n.highlight ? (
            <circle
              key={n.id}
              cx={n.x + n.width / 2}
              cy={n.y + n.height / 2}
              r={Math.max(halo, Math.max(n.width, n.height) * 0.75)}
              fill={HIGHLIGHT_STROKE[n.highlight]}
              fillOpacity={0.3}
            />
          ) : null,
        )}
      </g>
      {geometry.nodes.map((n) => {
        const stroke = n.highlight
          ? HIGHLIGHT_STROKE[n.highlight]
          : n.hasError
            ? "#dc2626"
            : "#334155";
        return (
          <g key={n.id} data-node-id={n.id} data-highlight={n.highlight ?? "none"}>
            <rect
              x={n.x}
              y={n.y}
              width={n.width}
              height={n.height}
              rx={2}
              fill={
                n.highlight === "removed" ? "#fecaca" : n.highlight === "added" ? "#bbf7d0" : n.fill
              }
              stroke={stroke}
              strokeWidth={n.highlight || n.hasError ? 6 : 1.5}
              strokeDasharray={n.hasError && !n.highlight ? "8 4" : undefined}
            />
            {labels && (
              <>
                <text
                  x={n.x + n.width / 2}
                  y={n.y - 4}
                  fontSize={FIGURE_TEXT.title}
                  fill="#0f172a"
                  transform={`rotate(-${FIGURE_TEXT.slant} ${n.x + n.width / 2} ${n.y - 4})`}
                >
                  {n.label}
                </text>
                <text
                  x={n.x + n.width / 2}
                  y={n.y + n.height + 4 + FIGURE_TEXT.shape}
                  fontSize={FIGURE_TEXT.shape}
                  fontFamily="ui-monospace, monospace"
                  fill="#334155"
                  transform={`rotate(${FIGURE_TEXT.slant} ${n.x + n.width / 2} ${n.y + n.height + 4})`}
                >
                  {n.shape}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
