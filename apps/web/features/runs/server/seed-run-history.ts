/*
 * A project's run history made in three SQL statements (`generate_series`), for the integration
 * tests, the benchmark and the e2e spec: thousands of runs with every epoch's metrics in seconds.
 * It takes a plain `(sql, params) => rows` function so that Prisma (`$queryRawUnsafe`) and `pg`
 * (Playwright, which cannot load the workspace's Prisma client) both drive it. Deterministic:
 * every value is a hash of the run number, so a seeded history is the same on every machine.
 */

/** Runs one SQL statement with positional parameters ($1, $2, …) and returns its rows. */
export type TSqlRunner = (sql: string, params: unknown[]) => Promise<unknown[]>;

export interface TSeedDataset {
  /** The Dataset row's id, or null for a run that names a built-in only in its config. */
  id: string | null;
  /** `config.dataset` of the run (a built-in key or the dataset id). */
  key: string;
  task: "binary-segmentation" | "classification";
}

export interface TSeedRunHistoryOptions {
  projectId: string;
  teamId: string;
  /** Authors, versions and datasets are spread over the runs by a hash of the run number. */
  authorIds: string[];
  versionIds: string[];
  datasets: TSeedDataset[];
  runs: number;
  epochs: number;
  /** The first run's creation time; runs follow in groups of three sharing one timestamp. */
  start?: Date;
  /** Only succeeded, failed and cancelled runs (no queued or running ones). */
  finishedOnly?: boolean;
  /** Run numbers start after this one (a project that already has runs). */
  numberOffset?: number;
  /**
   * Also write each run's event log (start, one epoch event per epoch, the final status) as the
   * worker would, so that a run page replays its charts. Off by default: the queries do not
   * read events, and it doubles the rows.
   */
  events?: boolean;
}

/** Seconds per epoch of a seeded run: 10–15 s. */
const EPOCH_SECONDS = "(10 + 5 * u6)";

// u0…u6: seven independent uniform values in [0, 1) per run number, from Postgres' hashint4.
const UNIFORMS = [0, 1, 2, 3, 4, 5, 6]
  .map((k) => `(hashint4(g * 7 + ${k}) & 2147483647)::float8 / 2147483648 AS u${k}`)
  .join(", ");

const INSERT_RUNS = `
WITH s AS (
  SELECT g + $10::int AS n, ${UNIFORMS} FROM generate_series(1, $5::int) g
), t AS (
  SELECT *,
    CASE
      WHEN u0 < 0.70 OR ($8::boolean AND u0 >= 0.92) THEN 'succeeded'
      WHEN u0 < 0.82 THEN 'failed'
      WHEN u0 < 0.92 THEN 'cancelled'
      WHEN u0 < 0.96 THEN 'running'
      ELSE 'queued'
    END AS st,
    1 + floor(u3 * cardinality($9::text[]))::int AS di,
    $7::timestamp(3) + ((n - $10::int - 1) / 3) * interval '3 minutes' AS created
  FROM s
), r AS (
  SELECT *,
    CASE st WHEN 'succeeded' THEN $6::int WHEN 'queued' THEN 0 ELSE floor(u1 * $6::int)::int END AS ep,
    created + u2 * interval '2 minutes' AS started
  FROM t
)
INSERT INTO "Run" (
  id, "projectId", "teamId", number, "versionId", "authorId", "datasetId", status, config, device,
  "torchVersion", attempt, "queuedAt", "enqueuedAt", "createdAt", "startedAt", "finishedAt",
  "durationMs", "epochsDone", error
)
SELECT
  'seed' || substr(md5($1 || ':' || n), 1, 21), $1, $2, n,
  ($3::text[])[1 + floor(u4 * cardinality($3::text[]))::int],
  ($4::text[])[1 + floor(u5 * cardinality($4::text[]))::int],
  ($9::text[])[di],
  st::"RunStatus",
  jsonb_build_object(
    'dataset', ($11::text[])[di], 'task', ($12::text[])[di], 'epochs', $6::int,
    'batch_size', (ARRAY[8, 16, 32])[1 + floor(u5 * 3)::int], 'lr', (ARRAY[0.001, 0.0003, 0.0001])[1 + floor(u6 * 3)::int]
  ),
  CASE WHEN st = 'queued' THEN NULL WHEN u2 < 0.5 THEN 'cuda:0' ELSE 'cpu' END,
  CASE WHEN st = 'queued' THEN NULL ELSE '2.11.0' END,
  CASE WHEN st = 'queued' THEN 0 ELSE 1 END,
  created,
  -- A queued seeded run is marked as handed to a queue far in the future, so that no trainer's
  -- dispatcher or reconciler ever takes it (the e2e and integration tests share one database).
  CASE WHEN st = 'queued' THEN timestamp '2999-01-01' ELSE created END,
  created,
  CASE WHEN st = 'queued' THEN NULL ELSE started END,
  CASE WHEN st IN ('queued', 'running') THEN NULL
       ELSE started + (round(ep * ${EPOCH_SECONDS} / 10) * 10 + 5) * interval '1 second' END,
  -- Whole 10 s steps (plus 5 s of start-up), so that many runs tie on duration.
  CASE WHEN st IN ('queued', 'running') THEN NULL
       ELSE ((round(ep * ${EPOCH_SECONDS} / 10) * 10 + 5) * 1000)::int END,
  ep,
  CASE WHEN st = 'failed' THEN 'the runner exited with code 1 (seeded history)' END
FROM r`;

// Every epoch's metrics: IoU rises towards a per-run ceiling with noise, rounded to three
// decimals so that many runs tie on their best value; accuracy for classification runs.
const INSERT_EPOCHS = `
INSERT INTO "RunEpoch" (
  "runId", epoch, "trainLoss", "valLoss", "valIou", "valDice", "valAcc", lr, seconds, "imagesPerS", "createdAt"
)
SELECT r.id, e.e,
  0.6 * exp(-e.e / 12.0) + 0.1 + 0.02 * q.noise,
  0.65 * exp(-e.e / 14.0) + 0.15 + 0.03 * q.noise,
  CASE WHEN q.cls THEN NULL ELSE q.iou END,
  CASE WHEN q.cls THEN NULL ELSE round((2 * q.iou / (1 + q.iou))::numeric, 3)::float8 END,
  CASE WHEN q.cls THEN round(least(0.99, 0.5 + q.iou)::numeric, 3)::float8 ELSE NULL END,
  0.001 * power(0.97, e.e),
  10 + 5 * q.u6,
  191 / (10 + 5 * q.u6),
  r."startedAt" + e.e * interval '12 seconds'
FROM "Run" r
CROSS JOIN LATERAL generate_series(1, r."epochsDone") AS e(e)
CROSS JOIN LATERAL (
  SELECT
    (hashint4(r.number * 7 + 6) & 2147483647)::float8 / 2147483648 AS u6,
    (hashint4(r.number * 131 + e.e) & 2147483647)::float8 / 2147483648 - 0.5 AS noise,
    r.config->>'task' = 'classification' AS cls,
    round(greatest(0.0, (0.25 + 0.4 * (hashint4(r.number * 7 + 5) & 2147483647)::float8 / 2147483648)
      * (1 - exp(-e.e / (2.0 + 6 * (hashint4(r.number * 7 + 1) & 2147483647)::float8 / 2147483648)))
      + 0.02 * ((hashint4(r.number * 131 + e.e) & 2147483647)::float8 / 2147483648 - 0.5))::numeric, 3)::float8 AS iou
) q
WHERE r."projectId" = $1 AND r.number > $2::int`;

// The best epoch of each run, as the worker records it (first epoch with the highest value, and
// no key for a metric the task does not have).
const UPDATE_BEST = `
UPDATE "Run" r
SET "bestMetric" = b.m,
    best = jsonb_strip_nulls(jsonb_build_object('epoch', b.epoch, 'val_iou', b."valIou",
      'val_dice', b."valDice", 'val_acc', b."valAcc"))
FROM (
  SELECT DISTINCT ON (e."runId") e."runId", e.epoch, e."valIou", e."valDice", e."valAcc",
    coalesce(e."valIou", e."valAcc") AS m
  FROM "RunEpoch" e JOIN "Run" x ON x.id = e."runId"
  WHERE x."projectId" = $1 AND x.number > $2::int
  ORDER BY e."runId", coalesce(e."valIou", e."valAcc") DESC, e.epoch
) b
WHERE r.id = b."runId"`;

// The event log the SSE stream replays: start (seq 1), epochs (seq 1 + epoch), final status.
const INSERT_EVENTS = `
INSERT INTO "RunEvent" ("runId", seq, type, data, "createdAt")
SELECT r.id, 1, 'start', jsonb_build_object('type', 'start', 'device', coalesce(r.device, 'cpu'),
    'epochs', (r.config->>'epochs')::int, 'torch', coalesce(r."torchVersion", '2.11.0'), 'threads', 2,
    'time', to_char(r."startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), r."startedAt"
FROM "Run" r WHERE r."projectId" = $1 AND r.number > $2::int AND r."startedAt" IS NOT NULL
UNION ALL
SELECT e."runId", 1 + e.epoch, 'epoch', jsonb_strip_nulls(jsonb_build_object('type', 'epoch',
    'epoch', e.epoch, 'train_loss', e."trainLoss", 'val_loss', e."valLoss", 'val_iou', e."valIou",
    'val_dice', e."valDice", 'val_acc', e."valAcc", 'lr', e.lr, 'seconds', e.seconds,
    'images_per_s', e."imagesPerS", 'device', coalesce(r.device, 'cpu'),
    'time', to_char(e."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))), e."createdAt"
FROM "RunEpoch" e JOIN "Run" r ON r.id = e."runId"
WHERE r."projectId" = $1 AND r.number > $2::int
UNION ALL
SELECT r.id, 2 + r."epochsDone", 'status', jsonb_strip_nulls(jsonb_build_object('type', 'status',
    'status', r.status::text, 'error', r.error)), r."finishedAt"
FROM "Run" r WHERE r."projectId" = $1 AND r.number > $2::int AND r."finishedAt" IS NOT NULL`;

/**
 * Creates `runs` runs of `epochs` epochs for a project (numbers after `numberOffset`), with a mix
 * of statuses (70 % succeeded, 12 % failed, 10 % cancelled, 4 % running, 4 % queued), authors,
 * versions, datasets, metrics and durations, then refreshes the planner's statistics. Returns
 * how many runs and epochs it wrote.
 */
export async function seedRunHistory(
  sql: TSqlRunner,
  o: TSeedRunHistoryOptions,
): Promise<{ runs: number; epochs: number }> {
  if (!o.authorIds.length || !o.versionIds.length || !o.datasets.length)
    throw new Error("seedRunHistory needs at least one author, version and dataset");
  const offset = o.numberOffset ?? 0;
  const start = (o.start ?? new Date(Date.UTC(2026, 0, 1))).toISOString();
  await sql(INSERT_RUNS, [
    o.projectId,
    o.teamId,
    o.versionIds,
    o.authorIds,
    o.runs,
    o.epochs,
    start,
    o.finishedOnly ?? false,
    o.datasets.map((d) => d.id),
    offset,
    o.datasets.map((d) => d.key),
    o.datasets.map((d) => d.task),
  ]);
  await sql(INSERT_EPOCHS, [o.projectId, offset]);
  await sql(UPDATE_BEST, [o.projectId, offset]);
  if (o.events) await sql(INSERT_EVENTS, [o.projectId, offset]);
  await sql(`ANALYZE "Run"`, []);
  await sql(`ANALYZE "RunEpoch"`, []);
  const [counts] = (await sql(
    `SELECT count(*)::int AS runs, coalesce(sum("epochsDone"), 0)::int AS epochs
     FROM "Run" WHERE "projectId" = $1 AND number > $2::int`,
    [o.projectId, offset],
  )) as { runs: number; epochs: number }[];
  return counts ?? { runs: 0, epochs: 0 };
}
