"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { TRunDto } from "@/features/training/server/run-dto";
import type { TRunFilterOptions } from "../server/find-run-filters";
import {
  formatBest,
  formatCreated,
  formatDuration,
  nextSort,
  runsHref,
  type TRunsView,
} from "../format-run";
import { RunStatusBadge } from "./run-status-badge";

/** How often rows that are queued or running are refreshed. */
const LIVE_POLL_MS = 3000;
const COMPARE_MIN = 2;
const COMPARE_MAX = 5;
const STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;

interface TProps {
  projectId: string;
  view: TRunsView;
  initial: { runs: TRunDto[]; nextCursor: string | null };
  options: TRunFilterOptions;
}

const noSubscription = () => () => {};

const isLive = (r: TRunDto) => r.status === "queued" || r.status === "running";

function apiQuery(view: TRunsView, extra: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(view)) if (v) params.set(k, v);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/**
 * The runs table: sortable headers and filters kept in the URL (the server renders the first
 * page), "Load more" following the keyset cursor, and selection for Compare. Queued and running
 * rows are refreshed by polling the list for just their ids every few seconds while any is
 * live — one small request per interval however many rows are live, where an SSE stream per
 * row would hold one of the browser's six connections per host each.
 */
export function RunsTable({ projectId, view, initial, options }: TProps) {
  const router = useRouter();
  const [runs, setRuns] = useState(initial.runs);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  // True once React has hydrated the table (false in the server HTML): tests wait for it.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const liveIds = useMemo(() => runs.filter(isLive).map((r) => r.id), [runs]);
  const liveKey = liveIds.join(",");

  useEffect(() => {
    if (!liveKey) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/projects/${projectId}/runs?${apiQuery({}, { ids: liveKey })}`);
      if (!res.ok || stopped) return;
      const body = (await res.json()) as { runs: TRunDto[] };
      const fresh = new Map(body.runs.map((r) => [r.id, r]));
      setRuns((rows) => rows.map((r) => fresh.get(r.id) ?? r));
    }, LIVE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [liveKey, projectId]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const res = await fetch(`/api/projects/${projectId}/runs?${apiQuery(view, { cursor })}`);
      const body = (await res.json()) as { runs: TRunDto[]; nextCursor: string | null } & {
        error?: string;
      };
      if (!res.ok) throw new Error(body.error ?? `The server answered ${res.status}.`);
      setRuns((rows) => [...rows, ...body.runs.filter((r) => !rows.some((x) => x.id === r.id))]);
      setCursor(body.nextCursor);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [cursor, projectId, view]);

  const setFilter = (key: "status" | "author" | "dataset" | "version", value: string) =>
    router.push(runsHref(projectId, { ...view, [key]: value || undefined }));
  const toggle = (id: string) =>
    setSelected((ids) =>
      ids.includes(id)
        ? ids.filter((x) => x !== id)
        : ids.length < COMPARE_MAX
          ? [...ids, id]
          : ids,
    );
  const filtered = Boolean(view.status || view.author || view.dataset || view.version);
  const canCompare = selected.length >= COMPARE_MIN && selected.length <= COMPARE_MAX;

  return (
    <section aria-label="Runs" data-hydrated={hydrated} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <FilterSelect
          label="Status"
          value={view.status}
          onChange={(v) => setFilter("status", v)}
          options={STATUSES.map((s) => ({ value: s, label: s }))}
        />
        <FilterSelect
          label="Author"
          value={view.author}
          onChange={(v) => setFilter("author", v)}
          options={options.authors.map((a) => ({ value: a.id, label: a.name }))}
        />
        <FilterSelect
          label="Dataset"
          value={view.dataset}
          onChange={(v) => setFilter("dataset", v)}
          options={options.datasets.map((d) => ({ value: d.id, label: d.name }))}
        />
        <FilterSelect
          label="Version"
          value={view.version}
          onChange={(v) => setFilter("version", v)}
          options={options.versions.map((v) => ({
            value: v.id,
            label: `v${v.number} ${v.message}`.slice(0, 40),
          }))}
        />
        {filtered && (
          <Link
            href={runsHref(projectId, { sort: view.sort, order: view.order })}
            className="underline"
          >
            Clear filters
          </Link>
        )}
        <div className="ml-auto flex items-center gap-2">
          <span className="text-slate-500" data-testid="selected-count">
            {selected.length} selected
          </span>
          {canCompare ? (
            <Link
              href={`/projects/${projectId}/runs/compare?ids=${selected.join(",")}`}
              className="rounded bg-indigo-600 px-3 py-1.5 text-white hover:bg-indigo-700"
            >
              Compare
            </Link>
          ) : (
            <button
              type="button"
              disabled
              title={`Select ${COMPARE_MIN}–${COMPARE_MAX} runs to compare`}
              className="cursor-not-allowed rounded bg-slate-200 px-3 py-1.5 text-slate-500 dark:bg-slate-800"
            >
              Compare
            </button>
          )}
        </div>
      </div>

      {runs.length === 0 ? (
        <p
          data-testid="runs-empty"
          className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-600 dark:border-slate-700 dark:text-slate-300"
        >
          {filtered ? (
            <>
              No runs match these filters.{" "}
              <Link href={runsHref(projectId, {})} className="underline">
                Show all runs
              </Link>
            </>
          ) : (
            <>
              No runs yet — press Train in the{" "}
              <Link href={`/projects/${projectId}`} className="underline">
                editor
              </Link>
              .
            </>
          )}
        </p>
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
          <table className="w-full text-left text-sm" data-testid="runs-table">
            <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-900 dark:text-slate-300">
              <tr>
                <th className="px-2 py-2">
                  <span className="sr-only">Select</span>
                </th>
                <SortHeader projectId={projectId} view={view} sort="created" label="#" />
                <th className="px-2 py-2">Status</th>
                <th className="px-2 py-2">Version</th>
                <th className="px-2 py-2">Author</th>
                <th className="px-2 py-2">Dataset</th>
                <SortHeader projectId={projectId} view={view} sort="best" label="Best val" />
                <th className="px-2 py-2">Epochs</th>
                <SortHeader projectId={projectId} view={view} sort="duration" label="Duration" />
                <th className="px-2 py-2">Device</th>
                <SortHeader projectId={projectId} view={view} sort="created" label="Created" />
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr
                  key={run.id}
                  data-testid="run-row"
                  data-run-number={run.number}
                  data-status={run.status}
                  className="border-t border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-900"
                >
                  <td className="px-2 py-1.5">
                    <input
                      type="checkbox"
                      aria-label={`Select run #${run.number}`}
                      checked={selected.includes(run.id)}
                      disabled={!selected.includes(run.id) && selected.length >= COMPARE_MAX}
                      onChange={() => toggle(run.id)}
                    />
                  </td>
                  <td className="px-2 py-1.5 font-medium">
                    <Link
                      href={`/projects/${projectId}/runs/${run.id}`}
                      className="text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      #{run.number}
                    </Link>
                  </td>
                  <td className="px-2 py-1.5">
                    <RunStatusBadge status={run.status} />
                  </td>
                  <td className="px-2 py-1.5">
                    {run.versionNumber === null ? "—" : `v${run.versionNumber}`}
                  </td>
                  <td className="px-2 py-1.5">{run.author?.name ?? "—"}</td>
                  <td className="px-2 py-1.5">{run.dataset?.name ?? "—"}</td>
                  <td className="px-2 py-1.5 tabular-nums" data-testid="run-best">
                    {formatBest(run.best)}
                  </td>
                  <td className="px-2 py-1.5 tabular-nums">
                    {run.epochsDone}
                    {typeof (run.config as { epochs?: unknown }).epochs === "number" &&
                      ` / ${(run.config as { epochs: number }).epochs}`}
                  </td>
                  <td className="px-2 py-1.5 tabular-nums" data-testid="run-duration">
                    {formatDuration(run.durationMs)}
                  </td>
                  <td className="px-2 py-1.5">{run.device ?? "—"}</td>
                  <td className="px-2 py-1.5 whitespace-nowrap text-slate-500">
                    {formatCreated(run.createdAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {cursor && (
        <button
          type="button"
          onClick={loadMore}
          disabled={loading}
          className="self-center rounded border border-slate-300 px-4 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </section>
  );
}

function FilterSelect(props: {
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-xs text-slate-500">{props.label}</span>
      <select
        value={props.value ?? ""}
        onChange={(e) => props.onChange(e.target.value)}
        className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
      >
        <option value="">All</option>
        {props.value && !props.options.some((o) => o.value === props.value) && (
          <option value={props.value}>{props.value}</option>
        )}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function SortHeader(props: {
  projectId: string;
  view: TRunsView;
  sort: NonNullable<TRunsView["sort"]>;
  label: string;
}) {
  const active = (props.view.sort ?? "created") === props.sort;
  const order = props.view.order ?? "desc";
  return (
    <th
      className="px-2 py-2"
      aria-sort={active ? (order === "asc" ? "ascending" : "descending") : undefined}
    >
      <Link
        href={runsHref(props.projectId, nextSort(props.view, props.sort))}
        className="inline-flex items-center gap-1 hover:underline"
      >
        {props.label}
        {active && <span aria-hidden>{order === "asc" ? "▲" : "▼"}</span>}
      </Link>
    </th>
  );
}
