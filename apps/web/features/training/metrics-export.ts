import type { TRunEpochDto } from "./server/run-dto";

/** What the export needs of a run: its number, id, config and epochs. */
export interface TExportRun {
  id: string;
  number: number;
  config: unknown;
  epochs: TRunEpochDto[];
}

/** The CSV columns, in order (the runner's field names; `wall_s` = seconds since the run began). */
export const METRIC_COLUMNS = [
  "run",
  "epoch",
  "train_loss",
  "val_loss",
  "val_iou",
  "val_dice",
  "val_acc",
  "lr",
  "seconds",
  "wall_s",
  "images_per_s",
] as const;
export type TMetricRow = Record<(typeof METRIC_COLUMNS)[number], number | null>;

/**
 * One row per run and epoch — the one place the exported rows are computed (CSV and JSON, of a
 * run and of a comparison). `wall_s` adds the epochs' durations up, so curves of runs trained at
 * different times line up at 0.
 */
export function metricRows(runs: readonly TExportRun[]): TMetricRow[] {
  return runs.flatMap((run) => {
    let wall = 0;
    return run.epochs.map((e) => {
      wall += e.seconds;
      return {
        run: run.number,
        epoch: e.epoch,
        train_loss: e.train_loss,
        val_loss: e.val_loss,
        val_iou: e.val_iou,
        val_dice: e.val_dice,
        val_acc: e.val_acc,
        lr: e.lr,
        seconds: e.seconds,
        wall_s: Math.round(wall * 1000) / 1000,
        images_per_s: e.images_per_s,
      };
    });
  });
}

/** The rows as CSV (RFC 4180: header line, CRLF line ends, empty cell for a missing value). */
export function metricsCsv(runs: readonly TExportRun[]): string {
  const lines = [METRIC_COLUMNS.join(",")];
  for (const row of metricRows(runs))
    lines.push(METRIC_COLUMNS.map((c) => (row[c] === null ? "" : String(row[c]))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** The rows as JSON: each run with its id, number, config and metric rows. */
export function metricsJson(runs: readonly TExportRun[]): string {
  return JSON.stringify(
    {
      columns: METRIC_COLUMNS,
      runs: runs.map((run) => ({
        id: run.id,
        number: run.number,
        config: run.config,
        epochs: metricRows([run]).map(({ run: _run, ...rest }) => rest),
      })),
    },
    null,
    2,
  );
}

/** A download `Response` of the metrics as `format` (csv | json), named `<base>-metrics.<ext>`. */
export function metricsDownload(
  runs: readonly TExportRun[],
  format: "csv" | "json",
  base: string,
): Response {
  const ext = format;
  const body = ext === "json" ? metricsJson(runs) : metricsCsv(runs);
  return new Response(body, {
    headers: {
      "content-type":
        ext === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${base}-metrics.${ext}"`,
      "cache-control": "private, no-store",
    },
  });
}
