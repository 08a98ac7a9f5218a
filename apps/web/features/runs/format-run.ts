/** The best epoch of a run as its DTO carries it. */
export interface TRunBestLike {
  val_iou?: number | null;
  val_dice?: number | null;
  val_acc?: number | null;
}

/** 585000 → "9m 45s", 3_725_000 → "1h 2m", null → "—". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** The headline of a run's best epoch: "0.493 / 0.660" (IoU / Dice) or "acc 0.930". */
export function formatBest(best: unknown): string {
  const b = (best ?? {}) as TRunBestLike;
  if (typeof b.val_iou === "number")
    return typeof b.val_dice === "number"
      ? `${b.val_iou.toFixed(3)} / ${b.val_dice.toFixed(3)}`
      : b.val_iou.toFixed(3);
  if (typeof b.val_acc === "number") return `acc ${b.val_acc.toFixed(3)}`;
  return "—";
}

/** Which metric a best epoch's headline is. */
export function bestKind(best: unknown): "IoU" | "accuracy" | null {
  const b = (best ?? {}) as TRunBestLike;
  if (typeof b.val_iou === "number") return "IoU";
  if (typeof b.val_acc === "number") return "accuracy";
  return null;
}

/** "2026-01-01T10:09:00.000Z" → "2026-01-01 10:09" (UTC, as the rest of the app). */
export function formatCreated(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/** The runs-table state the URL keeps. */
export interface TRunsView {
  status?: string;
  author?: string;
  dataset?: string;
  version?: string;
  sort?: "created" | "best" | "duration";
  order?: "asc" | "desc";
}

/** The runs page URL for a view (defaults left out, so the plain page is `/runs`). */
export function runsHref(projectId: string, view: TRunsView): string {
  const params = new URLSearchParams();
  for (const key of ["status", "author", "dataset", "version"] as const)
    if (view[key]) params.set(key, view[key]);
  if (view.sort && view.sort !== "created") params.set("sort", view.sort);
  if (view.order && view.order !== "desc") params.set("order", view.order);
  const qs = params.toString();
  return `/projects/${projectId}/runs${qs ? `?${qs}` : ""}`;
}

/** Clicking a column header: the same column flips its order, another starts descending. */
export function nextSort(view: TRunsView, sort: NonNullable<TRunsView["sort"]>): TRunsView {
  const current = view.sort ?? "created";
  const order = view.order ?? "desc";
  return { ...view, sort, order: current === sort && order === "desc" ? "asc" : "desc" };
}
