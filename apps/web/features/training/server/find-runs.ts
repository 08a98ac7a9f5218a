import "server-only";
import type { PrismaClient } from "@layerwise/db";
import { RUN_STATUSES } from "@layerwise/protocol";
import { z } from "zod";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { ValidationError, parseInput } from "@/lib/server-only/errors";
import { RUN_INCLUDE, runDto, type TRunDto } from "./run-dto";

export const RUN_SORTS = ["created", "best", "duration"] as const;
export type TRunSort = (typeof RUN_SORTS)[number];

export const ZFindRunsQuery = z.object({
  status: z.enum(RUN_STATUSES).optional(),
  author: z.string().min(1).max(100).optional(),
  dataset: z.string().min(1).max(100).optional(),
  version: z.string().min(1).max(100).optional(),
  /** Comma-separated run ids (at most 100): the rows a runs table polls while they are live. */
  ids: z
    .string()
    .max(3000)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.string().min(1).max(40)).max(100))
    .optional(),
  sort: z.enum(RUN_SORTS).default("created"),
  order: z.enum(["asc", "desc"]).default("desc"),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TFindRunsQuery = z.input<typeof ZFindRunsQuery>;

/**
 * The column each sort reads. (Run numbers are handed out in creation order: a "#" column sorts
 * by `created` rather than needing five indexes of its own.)
 */
const SORT_COLUMN = {
  created: { column: '"createdAt"', kind: "time" },
  best: { column: '"bestMetric"', kind: "float" },
  duration: { column: '"durationMs"', kind: "int" },
} as const;

/** Where the next page starts: the last row's sort value (null: in the nulls) and id. */
const ZCursor = z.object({
  v: z.union([z.number(), z.string(), z.null()]),
  id: z.string().max(40),
});
type TCursor = z.infer<typeof ZCursor>;

function encodeCursor(c: TCursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(raw: string): TCursor {
  try {
    return ZCursor.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new ValidationError("cursor: not a cursor this list handed out (use nextCursor).", [
      { path: "cursor", message: "invalid cursor" },
    ]);
  }
}

/**
 * A project's runs, filtered and sorted, one page at a time (members). Keyset pagination: the
 * cursor carries the last row's sort value and id, and the next page is `(key, id)` beyond it
 * — one range scan of the `projectId, filter, key, id` index (schema.prisma), as fast on page
 * 200 as on page 1, with no duplicates or gaps when many runs tie on the key (id breaks ties)
 * and none when a listed run's metric changes between pages. Runs without a value (no finished
 * epoch, still running) come last in both orders: a second scan of the same index (`IS NULL`).
 */
export async function findRuns(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  query: Record<string, string>,
): Promise<{ runs: TRunDto[]; nextCursor: string | null }> {
  await requireProjectRole(db, actor, projectId, "viewer");
  const q = parseInput(ZFindRunsQuery, query);
  const datasetId = q.dataset ? await resolveDataset(db, q.dataset) : undefined;
  const ids = await findRunIds(db, projectId, { ...q, datasetId });
  const rows = await db.run.findMany({ where: { id: { in: ids.ids } }, include: RUN_INCLUDE });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    runs: ids.ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [runDto(row)] : [];
    }),
    nextCursor: ids.next ? encodeCursor(ids.next) : null,
  };
}

/** A dataset filter names a built-in key or a dataset id; an unknown one matches no run. */
async function resolveDataset(db: PrismaClient, ref: string): Promise<string> {
  const row = await db.dataset.findFirst({
    where: { OR: [{ id: ref }, { builtinKey: ref }] },
    select: { id: true },
  });
  return row?.id ?? "none";
}

type TIdQuery = z.output<typeof ZFindRunsQuery> & { datasetId: string | undefined };

/** The WHERE clause of a runs page and its positional parameters ($1, $2, …). */
function runFilters(projectId: string, q: TIdQuery): { where: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (value: unknown): string => `$${values.push(value)}`;
  const filters = [`"projectId" = ${p(projectId)}`];
  if (q.status) filters.push(`status = ${p(q.status)}::"RunStatus"`);
  if (q.author) filters.push(`"authorId" = ${p(q.author)}`);
  if (q.datasetId) filters.push(`"datasetId" = ${p(q.datasetId)}`);
  if (q.version) filters.push(`"versionId" = ${p(q.version)}`);
  if (q.ids) filters.push(`id = ANY(${p(q.ids)}::text[])`);
  return { where: filters.join(" AND "), values };
}

/**
 * The plan Postgres picks for a first page (EXPLAIN, text format; with `analyze`, run and
 * timed): the benchmark and tests check that every filter and sort is an index scan without a
 * Sort step.
 */
export async function explainRunsPage(
  db: PrismaClient,
  projectId: string,
  query: Record<string, string>,
  options: { analyze?: boolean } = {},
): Promise<string> {
  const q = parseInput(ZFindRunsQuery, query);
  const datasetId = q.dataset ? await resolveDataset(db, q.dataset) : undefined;
  const { column: col } = SORT_COLUMN[q.sort];
  const dir = q.order === "desc" ? "DESC" : "ASC";
  const { where, values } = runFilters(projectId, { ...q, datasetId });
  const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
    `EXPLAIN ${options.analyze ? "(ANALYZE) " : ""}SELECT id, ${col} AS v FROM "Run" WHERE ${where} AND ${col} IS NOT NULL
     ORDER BY ${col} ${dir}, id ${dir} LIMIT ${q.limit + 1}`,
    ...values,
  );
  return plan.map((r) => r["QUERY PLAN"]).join("\n");
}

/** The ids of one page in order, and the cursor after it (null on the last page). */
async function findRunIds(
  db: PrismaClient,
  projectId: string,
  q: TIdQuery,
): Promise<{ ids: string[]; next: TCursor | null }> {
  const { column: col, kind } = SORT_COLUMN[q.sort];
  const desc = q.order === "desc";
  const dir = desc ? "DESC" : "ASC";
  const cmp = desc ? "<" : ">";
  const { where, values } = runFilters(projectId, q);
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  const want = q.limit + 1;
  const cast = kind === "time" ? "timestamp(3)" : kind === "int" ? "int" : "float8";
  const typed = (v: number | string) => (kind === "time" ? String(v) : Number(v));
  if (cursor && cursor.v !== null && (typeof cursor.v === "string") !== (kind === "time"))
    throw new ValidationError("cursor: it belongs to another sort (start again without it).", [
      { path: "cursor", message: "cursor of another sort" },
    ]);

  type TRow = { id: string; v: Date | number | null };
  let rows: TRow[] = [];
  if (!cursor || cursor.v !== null) {
    const params = [...values];
    const local = (value: unknown) => `$${params.push(value)}`;
    const after =
      cursor && cursor.v !== null
        ? `AND (${col}, id) ${cmp} (${local(typed(cursor.v))}::${cast}, ${local(cursor.id)})`
        : "";
    rows = await db.$queryRawUnsafe<TRow[]>(
      `SELECT id, ${col} AS v FROM "Run" WHERE ${where} AND ${col} IS NOT NULL ${after}
       ORDER BY ${col} ${dir}, id ${dir} LIMIT ${want}`,
      ...params,
    );
  }
  if (rows.length < want && kind !== "time") {
    const params = [...values];
    const after = cursor?.v === null ? `AND id ${cmp} $${params.push(cursor.id)}` : "";
    rows = rows.concat(
      await db.$queryRawUnsafe<TRow[]>(
        `SELECT id, NULL AS v FROM "Run" WHERE ${where} AND ${col} IS NULL ${after}
         ORDER BY id ${dir} LIMIT ${want - rows.length}`,
        ...params,
      ),
    );
  }
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const next =
    rows.length > q.limit && last
      ? { v: last.v instanceof Date ? last.v.toISOString() : last.v, id: last.id }
      : null;
  return { ids: page.map((r) => r.id), next };
}
