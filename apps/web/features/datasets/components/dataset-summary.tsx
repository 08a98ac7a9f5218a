import type { TDatasetDto } from "../schemas";

const TASK_LABEL: Record<TDatasetDto["task"], string> = {
  "binary-segmentation": "Binary segmentation",
  "multiclass-segmentation": "Multi-class segmentation",
  classification: "Classification",
};

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Counts, sample size, channels, formats and size on disk of one dataset. */
export function DatasetSummary({ dataset }: { dataset: TDatasetDto }) {
  const [c, h, w] = dataset.sampleShape;
  const rows: [string, string][] = [
    ["Task", TASK_LABEL[dataset.task]],
    ["Samples", `${dataset.count} (${dataset.trainCount} train / ${dataset.valCount} validation)`],
    [
      "Sample size",
      `${w}×${h}, ${c === 1 ? "greyscale" : c === 3 ? "RGB" : `${c} channels`} — Input shape [${c}, H, W]`,
    ],
    ["Classes", dataset.classes.join(", ")],
  ];
  if (dataset.stats)
    rows.push([
      "Uploaded formats",
      Object.entries(dataset.stats.formats)
        .map(([f, n]) => `${f.toUpperCase()} ${n}`)
        .join(", ") || "PNG",
    ]);
  if (dataset.sizeBytes !== null) rows.push(["Stored", formatBytes(dataset.sizeBytes)]);
  return (
    <dl
      className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm"
      data-testid="dataset-summary"
    >
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export { TASK_LABEL };
