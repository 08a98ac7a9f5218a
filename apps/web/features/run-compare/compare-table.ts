import type { TRunEpochDto } from "@/features/training/server/run-dto";

/** What the table reads of a compared run. */
export interface TTableRun {
  number: number;
  status: string;
  config: unknown;
  dataset: { name: string } | null;
  author: { name: string } | null;
  device: string | null;
  durationMs: number | null;
  epochs: readonly TRunEpochDto[];
  version: { number: number; totalParams: number };
}

/** One row: a label, one cell per run, and whether the cells differ. */
export interface TTableRow {
  key: string;
  section: "run" | "hyperparameters" | "results";
  label: string;
  cells: string[];
  differs: boolean;
}

const fmt = (v: unknown): string => {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number")
    return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
  if (typeof v === "string") return v;
  return JSON.stringify(v);
};

function best(epochs: readonly TRunEpochDto[]): TRunEpochDto | null {
  let top: TRunEpochDto | null = null;
  for (const e of epochs) {
    const score = e.val_iou ?? e.val_acc ?? -Infinity;
    if (!top || score > (top.val_iou ?? top.val_acc ?? -Infinity)) top = e;
  }
  return top;
}

function row(
  key: string,
  section: TTableRow["section"],
  label: string,
  cells: string[],
): TTableRow {
  return { key, section, label, cells, differs: new Set(cells).size > 1 };
}

/**
 * The comparison table: run facts, every hyperparameter any run has (config keys, sorted), and
 * the results (best IoU / Dice / accuracy, their epoch, the last losses). A row differs when its
 * cells are not all equal as displayed.
 */
export function compareTable(runs: readonly TTableRun[]): TTableRow[] {
  const configs = runs.map((r) =>
    r.config && typeof r.config === "object" ? (r.config as Record<string, unknown>) : {},
  );
  const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))]
    .filter((k) => k !== "dataset")
    .sort();
  const bests = runs.map((r) => best(r.epochs));
  const lasts = runs.map((r) => r.epochs.at(-1) ?? null);
  const classification = runs.some((r) => r.epochs.some((e) => e.val_acc !== null));
  const rows: TTableRow[] = [
    row(
      "status",
      "run",
      "status",
      runs.map((r) => r.status),
    ),
    row(
      "version",
      "run",
      "model version",
      runs.map((r) => `v${r.version.number}`),
    ),
    row(
      "params",
      "run",
      "parameters",
      runs.map((r) => r.version.totalParams.toLocaleString("en-US")),
    ),
    row(
      "dataset",
      "run",
      "dataset",
      runs.map((r, i) => r.dataset?.name ?? fmt(configs[i]?.dataset)),
    ),
    row(
      "author",
      "run",
      "author",
      runs.map((r) => r.author?.name ?? "—"),
    ),
    row(
      "device",
      "run",
      "device",
      runs.map((r) => r.device ?? "—"),
    ),
    ...keys.map((k) =>
      row(
        `config.${k}`,
        "hyperparameters",
        k,
        configs.map((c) => fmt(c[k])),
      ),
    ),
  ];
  if (classification) {
    rows.push(
      row(
        "best_acc",
        "results",
        "best val accuracy",
        bests.map((b) => fmt(b?.val_acc)),
      ),
    );
  } else {
    rows.push(
      row(
        "best_iou",
        "results",
        "best val IoU",
        bests.map((b) => fmt(b?.val_iou)),
      ),
      row(
        "best_dice",
        "results",
        "val Dice at best",
        bests.map((b) => fmt(b?.val_dice)),
      ),
    );
  }
  rows.push(
    row(
      "best_epoch",
      "results",
      "best epoch",
      bests.map((b) => fmt(b?.epoch)),
    ),
    row(
      "epochs",
      "results",
      "epochs done",
      runs.map((r) => String(r.epochs.length)),
    ),
    row(
      "train_loss",
      "results",
      "last train loss",
      lasts.map((e) => fmt(e?.train_loss)),
    ),
    row(
      "val_loss",
      "results",
      "last val loss",
      lasts.map((e) => fmt(e?.val_loss)),
    ),
    row(
      "duration",
      "results",
      "duration",
      runs.map((r) => (r.durationMs === null ? "—" : `${Math.round(r.durationMs / 1000)} s`)),
    ),
  );
  return rows;
}

/** The index of the run with the best headline metric (IoU, or accuracy), or null if none has one. */
export function bestRunIndex(runs: readonly TTableRun[]): number | null {
  let index: number | null = null;
  let top = -Infinity;
  runs.forEach((r, i) => {
    const b = best(r.epochs);
    const score = b ? (b.val_iou ?? b.val_acc ?? -Infinity) : -Infinity;
    if (score > top) {
      top = score;
      index = i;
    }
  });
  return index;
}
