import type { THighlight, TModelGeometry } from "../model-geometry";

const HIGHLIGHT_STROKE: Record<THighlight, string> = {
  added: "#16a34a",
  removed: "#dc2626",
  changed: "#f59e0b",
};

/**
 * A model drawn as SVG from precomputed geometry (server-rendered: dashboard thumbnails,
 * read-only views, version comparison). Labels are shown only when `labels` is set, since a
 * thumbnail is too small to read them.
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
  return (
    <svg
      role="img"
      aria-label={title}
      viewBox={`${x} ${y} ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      className={className}
    >
      <title>{title}</title>
      <g stroke="#94a3b8" strokeWidth={Math.max(2, width / 400)} fill="none">
        {geometry.edges.map((e) => (
          <line key={e.key} x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2} />
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
              rx={6}
              fill={
                n.highlight === "removed" ? "#fecaca" : n.highlight === "added" ? "#bbf7d0" : n.fill
              }
              stroke={stroke}
              strokeWidth={n.highlight || n.hasError ? 6 : 1.5}
              strokeDasharray={n.hasError && !n.highlight ? "8 4" : undefined}
            />
            {labels && (
              <text
                x={n.x + n.width / 2}
                y={n.y + n.height / 2}
                textAnchor="middle"
                dominantBaseline="central"
                fontSize={14}
                fill="#0f172a"
              >
                {n.label.length > 16 ? `${n.label.slice(0, 15)}…` : n.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
