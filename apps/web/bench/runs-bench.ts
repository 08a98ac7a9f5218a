// `npm run bench -w apps/web` (part of): the runs table's queries at 5,000 runs × 50 epochs on
// real Postgres (DATABASE_URL, from the environment or the repository's .env / .env.example).
// Seeds a project of its own with the same seeder as the integration tests, times each query
// (median and p95 of BENCH_REPEAT calls of the server function the route runs, authorization
// included) and prints the target (< 100 ms) beside it, then deletes what it made. It also
// prints the index Postgres picks for every filter × sort. Numbers, no asserts. `--json`: one
// JSON line per measure. BENCH_RUNS / BENCH_EPOCHS change the size.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient } from "@layerwise/db";
import { findLeaderboard } from "@/features/runs/server/find-leaderboard";
import { findProjectRunStats } from "@/features/runs/server/find-project-run-stats";
import { seedRunHistory } from "@/features/runs/server/seed-run-history";
import { explainRunsPage, findRuns } from "@/features/training/server/find-runs";
import { getRun } from "@/features/training/server/get-run";

const ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..");
for (const file of [".env", ".env.example"]) {
  const path = join(ROOT, file);
  if (existsSync(path)) process.loadEnvFile(path);
}
const JSON_OUT = process.argv.includes("--json");
const RUNS = Number(process.env.BENCH_RUNS ?? 5000);
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 50);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);
const TARGET_MS = 100;
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (see .env.example).");
  process.exit(1);
}
const db = createPrismaClient(url);
const log = (line: string) => {
  if (!JSON_OUT) console.log(line);
};

async function time(label: string, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm: connection, plan cache
  const samples: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!;
  if (JSON_OUT)
    console.log(
      JSON.stringify({ bench: "runs", measure: label, median, p95, targetMs: TARGET_MS }),
    );
  else
    log(
      `  ${label.padEnd(52)} median ${median.toFixed(1).padStart(6)} ms   p95 ${p95
        .toFixed(1)
        .padStart(6)} ms   (target < ${TARGET_MS} ms)`,
    );
}

const stamp = Date.now().toString(36);
const user = await db.user.create({
  data: { email: `runs-bench-${stamp}@bench.layerwise.dev`, name: "Bench" },
});
const others = await Promise.all(
  ["b", "c", "d"].map((l) =>
    db.user.create({ data: { email: `runs-bench-${l}-${stamp}@bench.layerwise.dev`, name: l } }),
  ),
);
const team = await db.team.create({
  data: {
    name: `runs-bench-${stamp}`,
    members: {
      create: [user, ...others].map((u, i) => ({ userId: u.id, role: i ? "editor" : "owner" })),
    },
  },
});
const actor = { id: user.id, email: user.email, name: user.name };
try {
  const project = await db.project.create({ data: { teamId: team.id, name: "Runs bench" } });
  const versions = await Promise.all(
    [1, 2, 3].map((number) =>
      db.projectVersion.create({
        data: {
          projectId: project.id,
          number,
          message: `v${number}`,
          kind: "run",
          model: {},
          totalParams: 0n,
          errorCount: 0,
          warningCount: 0,
          diagnostics: [],
        },
      }),
    ),
  );
  const t0 = performance.now();
  const seeded = await seedRunHistory((sql, params) => db.$queryRawUnsafe(sql, ...params), {
    projectId: project.id,
    teamId: team.id,
    authorIds: [user, ...others].map((u) => u.id),
    versionIds: versions.map((v) => v.id),
    datasets: [
      { id: null, key: "nuclei", task: "binary-segmentation" },
      { id: null, key: "shapes", task: "classification" },
    ],
    runs: RUNS,
    epochs: EPOCHS,
  });
  log(
    `runs table at ${seeded.runs} runs × ${EPOCHS} epochs (${seeded.epochs} epoch rows, seeded in ${(
      (performance.now() - t0) /
      1000
    ).toFixed(1)} s); ${REPEAT} calls each`,
  );

  // A cursor deep in the list: walk 100-run pages to 96 % of it.
  let deep: string | null = null;
  for (let i = 0; i < Math.floor((RUNS * 0.96) / 100); i++) {
    const query: Record<string, string> = deep ? { limit: "100", cursor: deep } : { limit: "100" };
    deep = (await findRuns(db, actor, project.id, query)).nextCursor;
  }
  const run = await db.run.findFirstOrThrow({
    where: { projectId: project.id, status: "succeeded" },
    orderBy: { number: "desc" },
  });

  await time("first page (newest first, 20 runs)", () => findRuns(db, actor, project.id, {}));
  await time("filtered (status=succeeded, one author)", () =>
    findRuns(db, actor, project.id, { status: "succeeded", author: others[0]!.id }),
  );
  await time("sorted (best metric, descending)", () =>
    findRuns(db, actor, project.id, { sort: "best" }),
  );
  await time("sorted (duration, ascending)", () =>
    findRuns(db, actor, project.id, { sort: "duration", order: "asc" }),
  );
  await time(`deep cursor page (after run ${Math.floor(RUNS * 0.96)})`, () =>
    findRuns(db, actor, project.id, deep ? { cursor: deep } : {}),
  );
  await time(`one run's metrics (GET /api/runs/:id, ${EPOCHS} epochs)`, () =>
    getRun(db, actor, run.id),
  );
  await time("leaderboard + best over time", () => findLeaderboard(db, actor, project.id));
  await time("dashboard run figures (one project)", () => findProjectRunStats(db, [project.id]));

  log("  index per first page (filter × sort), and its execution time inside Postgres:");
  const filters: [string, Record<string, string>][] = [
    ["none", {}],
    ["status", { status: "succeeded" }],
    ["author", { author: user.id }],
    ["version", { version: versions[0]!.id }],
  ];
  for (const [name, filter] of filters)
    for (const sort of ["created", "best", "duration"]) {
      const plan = await explainRunsPage(db, project.id, { ...filter, sort }, { analyze: true });
      const index = /using "([^"]+)"/.exec(plan)?.[1] ?? "no index";
      const sorted = /Sort/.test(plan) ? " + Sort" : "";
      const sqlMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
      if (JSON_OUT)
        console.log(JSON.stringify({ bench: "runs", filter: name, sort, index, sorted, sqlMs }));
      else
        log(
          `    ${name.padEnd(8)} ${sort.padEnd(9)} ${index.padEnd(42)}${sorted} in Postgres ${sqlMs.toFixed(2)} ms`,
        );
    }
} finally {
  await db.project.deleteMany({ where: { teamId: team.id } });
  await db.team.delete({ where: { id: team.id } });
  await db.user.deleteMany({ where: { id: { in: [user, ...others].map((u) => u.id) } } });
  await db.$disconnect();
}
