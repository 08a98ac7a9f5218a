/*
 * The runs-table queries on a seeded history of 5,000 runs × 50 epochs (real Postgres): every
 * page sequence is checked against the order computed here from all rows, so a duplicate, a
 * gap, a wrong tie-break or a misplaced null fails.
 */
import { encodeNewModelState } from "@layerwise/model-doc";
import { ZRunBest } from "@layerwise/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laidOutTemplate } from "@/features/projects/server/load-project-model";
import { explainRunsPage, findRuns, type TRunSort } from "@/features/training/server/find-runs";
import { insertVersion } from "@/features/versions/server/create-version";
import type { TActor } from "@/lib/server-only/actor";
import { makeTeam, makeUser, testDb, unique } from "@/lib/server-only/test-helpers";
import { findLeaderboard } from "./find-leaderboard";
import { findProjectRunStats } from "./find-project-run-stats";
import { findRunFilterOptions } from "./find-run-filters";
import { seedRunHistory } from "./seed-run-history";

const RUNS = 5000;
const EPOCHS = 50;
const db = testDb();

interface TRow {
  id: string;
  number: number;
  status: string;
  authorId: string | null;
  datasetId: string | null;
  versionId: string;
  createdAt: Date;
  finishedAt: Date | null;
  bestMetric: number | null;
  durationMs: number | null;
}

let owner: TActor;
let viewer: TActor;
let outsider: TActor;
let authors: TActor[];
let teamId: string;
let projectId: string;
let emptyProjectId: string;
let versionIds: string[];
let datasetIds: string[];
let all: TRow[];

beforeAll(async () => {
  const people = await Promise.all(
    ["owner", "viewer", "outsider", "a", "b"].map((l) => makeUser(`history-${l}`)),
  );
  [owner, viewer, outsider] = [people[0]!, people[1]!, people[2]!];
  authors = people.slice(3);
  authors = [owner, ...authors];
  teamId = await makeTeam("history-team", [
    [owner, "owner"],
    [viewer, "viewer"],
    ...authors.slice(1).map((a) => [a, "editor"] as [TActor, "editor"]),
  ]);
  const model = laidOutTemplate("unet-small", "U-Net");
  const ydocState = encodeNewModelState(model);
  const project = await db.project.create({ data: { teamId, name: "History", ydocState } });
  projectId = project.id;
  emptyProjectId = (await db.project.create({ data: { teamId, name: "Empty", ydocState } })).id;
  versionIds = [];
  for (const message of ["v1", "v2", "v3"])
    versionIds.push(
      (await insertVersion(db, { projectId, authorId: owner.id, message, kind: "run", model })).id,
    );
  const datasets = await Promise.all(
    ["cells", "glands"].map((name) =>
      db.dataset.create({
        data: {
          teamId,
          name: unique(name),
          task: "binary-segmentation",
          source: "upload",
          count: 10,
          trainCount: 8,
          valCount: 2,
          sampleShape: [3, 64, 64],
          classes: ["background", "nucleus"],
          stats: {},
          storageKey: `datasets/${unique(name)}`,
          checksum: "0",
          sizeBytes: 0n,
        },
      }),
    ),
  );
  datasetIds = datasets.map((d) => d.id);
  const seeded = await seedRunHistory((sql, params) => db.$queryRawUnsafe(sql, ...params), {
    projectId,
    teamId,
    authorIds: authors.map((a) => a.id),
    versionIds,
    datasets: [
      ...datasets.map((d) => ({ id: d.id, key: d.id, task: "binary-segmentation" as const })),
      { id: null, key: "nuclei", task: "binary-segmentation" },
    ],
    runs: RUNS,
    epochs: EPOCHS,
  });
  expect(seeded.runs).toBe(RUNS);
  all = await db.run.findMany({
    where: { projectId },
    select: {
      id: true,
      number: true,
      status: true,
      authorId: true,
      datasetId: true,
      versionId: true,
      createdAt: true,
      finishedAt: true,
      bestMetric: true,
      durationMs: true,
    },
  });
}, 180_000);

afterAll(async () => {
  // Deleting the projects cascades to their runs, epochs and versions.
  await db.project.deleteMany({ where: { teamId } });
  await db.dataset.deleteMany({ where: { teamId } });
  await db.team.delete({ where: { id: teamId } });
}, 60_000);

const KEY: Record<TRunSort, (r: TRow) => number | null> = {
  created: (r) => r.createdAt.getTime(),
  best: (r) => r.bestMetric,
  duration: (r) => r.durationMs,
};

/** The order a page sequence must follow: by key, then id, in `order`; nulls last. */
function expectedOrder(rows: TRow[], sort: TRunSort, order: "asc" | "desc"): string[] {
  const sign = order === "asc" ? 1 : -1;
  const key = KEY[sort];
  return [...rows]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null) {
        if (ka !== kb) return ka === null ? 1 : -1;
      } else if (ka !== kb) return sign * (ka - kb);
      return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    })
    .map((r) => r.id);
}

/** Every page of a query, following nextCursor; returns the ids in order and the page count. */
async function allPages(query: Record<string, string>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof findRuns>> = await findRuns(db, viewer, projectId, {
      ...query,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.runs.map((r) => r.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe("the runs table on 5,000 seeded runs", () => {
  it("seeded a varied history: every status, ties on every key, runs without a metric", () => {
    const statuses = new Set(all.map((r) => r.status));
    expect([...statuses].sort()).toEqual(["cancelled", "failed", "queued", "running", "succeeded"]);
    for (const sort of ["created", "best", "duration"] as const) {
      const values = all.map(KEY[sort]).filter((v) => v !== null);
      expect(new Set(values).size, `${sort} has ties`).toBeLessThan(values.length);
    }
    expect(all.filter((r) => r.bestMetric === null).length).toBeGreaterThan(50);
    expect(new Set(all.map((r) => r.authorId)).size).toBe(authors.length);
  });

  it.each([
    ["best", "desc"],
    ["best", "asc"],
    ["duration", "asc"],
    ["duration", "desc"],
    ["created", "desc"],
    ["created", "asc"],
  ] as const)(
    "pages through every run sorted by %s %s: no duplicate, no gap, ties by id, nulls last",
    async (sort, order) => {
      const { ids, pages } = await allPages({ sort, order, limit: "100" });
      expect(pages).toBe(RUNS / 100);
      expect(new Set(ids).size).toBe(RUNS);
      expect(ids).toEqual(expectedOrder(all, sort, order));
      if (sort !== "created") {
        const nulls = all.filter((r) => KEY[sort](r) === null).length;
        const tail = new Set(ids.slice(RUNS - nulls));
        expect(all.filter((r) => tail.has(r.id)).every((r) => KEY[sort](r) === null)).toBe(true);
      }
    },
  );

  it.each([
    ["status", "succeeded", (r: TRow) => r.status === "succeeded", "best", "desc"],
    ["status", "running", (r: TRow) => r.status === "running", "created", "desc"],
    ["author", "b", null, "duration", "asc"],
    ["dataset", "0", null, "best", "asc"],
    ["version", "2", null, "created", "asc"],
  ] as const)(
    "filters by %s (%s) and pages in order",
    async (filter, value, predicate, sort, order) => {
      const param =
        filter === "author"
          ? authors[2]!.id
          : filter === "dataset"
            ? datasetIds[Number(value)]!
            : filter === "version"
              ? versionIds[Number(value)]!
              : value;
      const match =
        predicate ??
        ((r: TRow) =>
          filter === "author"
            ? r.authorId === param
            : filter === "dataset"
              ? r.datasetId === param
              : r.versionId === param);
      const expected = expectedOrder(all.filter(match), sort, order);
      expect(expected.length).toBeGreaterThan(20);
      const { ids } = await allPages({ [filter]: param, sort, order, limit: "100" });
      expect(ids).toEqual(expected);
    },
  );

  it("seeded each run's best epoch as the worker writes it: no key for a metric it lacks", async () => {
    const rows = await db.$queryRaw<{ best: unknown }[]>`
      SELECT best FROM "Run" WHERE "projectId" = ${projectId} AND best IS NOT NULL`;
    expect(rows.length).toBeGreaterThan(1000);
    for (const { best } of rows) expect(ZRunBest.strict().parse(best)).toEqual(best);
  });

  it("combines filters, and an unknown dataset matches nothing", async () => {
    const match = (r: TRow) => r.status === "failed" && r.authorId === authors[1]!.id;
    const { ids } = await allPages({
      status: "failed",
      author: authors[1]!.id,
      sort: "best",
      limit: "50",
    });
    expect(ids).toEqual(expectedOrder(all.filter(match), "best", "desc"));
    expect((await findRuns(db, viewer, projectId, { dataset: "no-such" })).runs).toEqual([]);
  });

  it("returns the runs named by ids (a table polling its live rows)", async () => {
    const live = all.filter((r) => r.status === "running").slice(0, 5);
    const page = await findRuns(db, viewer, projectId, { ids: live.map((r) => r.id).join(",") });
    expect(page.runs.map((r) => r.id).sort()).toEqual(live.map((r) => r.id).sort());
    expect(page.runs.every((r) => r.status === "running")).toBe(true);
  });

  it("refuses a cursor it did not hand out, or one of another sort", async () => {
    await expect(findRuns(db, viewer, projectId, { cursor: "garbage" })).rejects.toThrow(/cursor/);
    const best = await findRuns(db, viewer, projectId, { sort: "best" });
    await expect(
      findRuns(db, viewer, projectId, { sort: "created", cursor: best.nextCursor! }),
    ).rejects.toThrow(/another sort/);
  });

  it("serves every filter × sort first page from an index, without a Sort step", async () => {
    const filters: Record<string, string>[] = [
      {},
      { status: "succeeded" },
      { author: authors[0]!.id },
      { dataset: datasetIds[0]! },
      { version: versionIds[1]! },
    ];
    for (const filter of filters)
      for (const sort of ["created", "best", "duration"])
        for (const order of ["asc", "desc"]) {
          const plan = await explainRunsPage(db, projectId, { ...filter, sort, order });
          expect(plan, JSON.stringify({ filter, sort, order })).toMatch(
            /Index (Only )?Scan (Backward )?using "Run_projectId_/,
          );
          expect(plan, JSON.stringify({ filter, sort, order })).not.toMatch(/Sort/);
        }
  });

  it("keeps members only: an outsider is refused", async () => {
    await expect(findRuns(db, outsider, projectId, {})).rejects.toThrow(/not a member/);
  });
});

describe("the leaderboard and the best metric over time", () => {
  it("ranks succeeded runs by best metric, ties by the later id", async () => {
    const board = await findLeaderboard(db, viewer, projectId, { limit: "25" });
    const succeeded = all.filter((r) => r.status === "succeeded");
    expect(board.leaderboard.map((r) => r.id)).toEqual(
      expectedOrder(succeeded, "best", "desc").slice(0, 25),
    );
    expect(board.leaderboard.every((r) => r.status === "succeeded")).toBe(true);
    const best = Math.max(...succeeded.map((r) => r.bestMetric!));
    expect(board.leaderboard[0]!.bestMetric).toBe(best);
  });

  it("draws the running maximum over finished runs: only its records, ending at the best", async () => {
    const board = await findLeaderboard(db, viewer, projectId);
    const finished = all
      .filter((r) => r.status === "succeeded" && r.bestMetric !== null && r.finishedAt)
      .sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime() || (a.id < b.id ? -1 : 1));
    let max = -Infinity;
    const records = finished.filter((r) => {
      if (r.bestMetric! <= max) return false;
      max = r.bestMetric!;
      return true;
    });
    expect(board.bestOverTime.map((p) => p.runId)).toEqual(records.map((r) => r.id));
    expect(board.bestOverTime.at(-1)!.value).toBe(board.leaderboard[0]!.bestMetric);
    const values = board.bestOverTime.map((p) => p.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(board.finishedRuns).toBe(finished.length);
    expect(board.lastFinishedAt).toBe(finished.at(-1)!.finishedAt!.toISOString());
  });

  it("is empty for a project without runs", async () => {
    const board = await findLeaderboard(db, viewer, emptyProjectId);
    expect(board).toEqual({
      leaderboard: [],
      bestOverTime: [],
      finishedRuns: 0,
      lastFinishedAt: null,
    });
  });
});

describe("the dashboard's run figures and the filter menus", () => {
  it("gives every project its best IoU and its latest run in one query", async () => {
    const stats = await findProjectRunStats(db, [projectId, emptyProjectId]);
    const succeeded = all.filter((r) => r.status === "succeeded");
    const latest = [...all].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
    )[0]!;
    expect(stats.get(projectId)).toEqual({
      best: Math.max(...succeeded.map((r) => r.bestMetric!)),
      bestKind: "IoU",
      latest: { id: latest.id, number: latest.number, status: latest.status },
    });
    expect(stats.get(emptyProjectId)).toEqual({ best: null, bestKind: null, latest: null });
  });

  it("offers the authors, datasets and versions the runs have", async () => {
    const options = await findRunFilterOptions(db, viewer, projectId);
    expect(options.authors.map((a) => a.id).sort()).toEqual(authors.map((a) => a.id).sort());
    expect(options.datasets.map((d) => d.id).sort()).toEqual([...datasetIds].sort());
    expect(options.versions.map((v) => v.id)).toEqual([...versionIds].reverse());
  });
});
