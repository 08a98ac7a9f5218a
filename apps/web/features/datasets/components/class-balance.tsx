import type { TDatasetDto } from "../schemas";

/** Bars of each class's share: samples (classification) or pixels (segmentation). */
export function ClassBalance({ dataset }: { dataset: TDatasetDto }) {
  const balance = dataset.stats?.classBalance ?? [];
  if (balance.length === 0) return null;
  const unit = dataset.task === "classification" ? "samples" : "of pixels";
  return (
    <section aria-label="Class balance" className="flex flex-col gap-1">
      <h2 className="font-semibold">Class balance</h2>
      {balance.map((c) => (
        <div key={c.name} className="flex items-center gap-2 text-xs">
          <span className="w-28 truncate">{c.name}</span>
          <span className="h-3 flex-1 rounded bg-slate-100 dark:bg-slate-800">
            <span
              className="block h-3 rounded bg-indigo-500"
              style={{ width: `${Math.max(0.5, c.fraction * 100)}%` }}
            />
          </span>
          <span className="w-40 text-right tabular-nums">
            {(c.fraction * 100).toFixed(1)}% {unit}
            {dataset.task === "classification" ? ` (${c.count})` : ` · in ${c.count} masks`}
          </span>
        </div>
      ))}
    </section>
  );
}
