import { expect as baseExpect, test, type Page } from "@playwright/test";
import pg from "pg";
import { seedRunHistory } from "../features/runs/server/seed-run-history";
import { submitSignUp, uniqueEmail } from "./auth-helpers";
import { saveVersion, withProjectDb } from "./runs-helpers";

// Every filter or sort is a server render (the runs, the leaderboard, the filter menus): on a
// loaded two-core machine one can take well over the default 10 s.
const expect = baseExpect.configure({ timeout: 30_000 });

const RUNS = 45;
const EPOCHS = 6;

/**
 * A finished history (no queued or running run, which the e2e trainer would pick up) with each
 * run's epochs and event log, through the same seeder as the integration tests and benchmark.
 * Returns the number of runs per status.
 */
async function seedHistory(projectId: string, email: string, versionIds: string[]) {
  return withProjectDb(projectId, email, async (client, { teamId, userId }) => {
    await seedRunHistory(async (sql, params) => (await client.query(sql, params)).rows, {
      projectId,
      teamId,
      authorIds: [userId],
      versionIds,
      datasets: [{ id: null, key: "nuclei", task: "binary-segmentation" }],
      runs: RUNS,
      epochs: EPOCHS,
      start: new Date(Date.now() - 86_400_000),
      finishedOnly: true,
      events: true,
    });
    const counts = await client.query<{ status: string; n: number }>(
      `SELECT status::text, count(*)::int AS n FROM "Run" WHERE "projectId" = $1 GROUP BY status`,
      [projectId],
    );
    return Object.fromEntries(counts.rows.map((r) => [r.status, r.n])) as Record<string, number>;
  });
}

/** Sets a run's status as the worker would (running: not finished; succeeded: finished now). */
async function setStatus(projectId: string, number: number, status: "running" | "succeeded") {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `UPDATE "Run" SET status = $3::"RunStatus",
         "finishedAt" = CASE WHEN $3 = 'running' THEN NULL ELSE now() END
       WHERE "projectId" = $1 AND number = $2`,
      [projectId, number, status],
    );
  } finally {
    await client.end();
  }
}

const rows = (page: Page) => page.getByTestId("run-row");

/** Waits until React has hydrated the table (its buttons and menus answer only then). */
async function tableReady(page: Page): Promise<void> {
  await expect(page.locator('section[aria-label="Runs"]')).toHaveAttribute("data-hydrated", "true");
}

/** The best IoU shown in each row ("0.493 / 0.660" → 0.493; rows without one are left out). */
async function bestValues(page: Page): Promise<number[]> {
  const texts = await page.getByTestId("run-best").allTextContents();
  return texts.filter((t) => t !== "—").map((t) => Number(t.split(" / ")[0]));
}

test("the runs page: live row, filter, sort, load more, leaderboard, compare selection, open a run", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("runs");
  // Sign up and make the project through the API (the shared helpers wait 10 s, which a cold
  // server hashing a password under load can exceed).
  await page.goto("/sign-up");
  await submitSignUp(page, "Rhea Runs", email);
  await expect(page).toHaveURL(/\/teams\/[a-z0-9]+$/, { timeout: 60_000 });
  const dashboard = page.url();
  const teamId = new URL(dashboard).pathname.split("/")[2]!;
  const created = await page.request.post(`/api/teams/${teamId}/projects`, {
    data: { name: "Runs e2e", template: "unet-small" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const projectId = ((await created.json()) as { id: string }).id;
  const versions = [
    await saveVersion(page, projectId, "first"),
    await saveVersion(page, projectId, "second"),
  ];
  const counts = await seedHistory(projectId, email, versions);
  // The newest run is still training (no heartbeat: no trainer's reconciler touches it).
  await setStatus(projectId, RUNS, "running");

  // The editor's header links to the runs page: the first page of 20, newest first.
  await page.goto(`/projects/${projectId}`);
  await expect(page.getByRole("link", { name: "Runs", exact: true })).toHaveAttribute(
    "href",
    `/projects/${projectId}/runs`,
  );
  await page.goto(`/projects/${projectId}/runs`);
  await tableReady(page);
  await expect(rows(page)).toHaveCount(20);
  await expect(rows(page).first()).toHaveAttribute("data-run-number", /^(43|44|45)$/);

  // A live row follows its run without a reload.
  const live = page.locator(`[data-testid="run-row"][data-run-number="${RUNS}"]`);
  await expect(live).toHaveAttribute("data-status", "running");
  await setStatus(projectId, RUNS, "succeeded");
  await expect(live).toHaveAttribute("data-status", "succeeded");
  await expect(live.getByTestId("run-status-badge")).toHaveText("succeeded");

  // Load more follows the cursor to the end: every run once.
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows(page)).toHaveCount(40);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows(page)).toHaveCount(RUNS);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  const numbers = await rows(page).evaluateAll((els) => els.map((e) => e.dataset.runNumber));
  expect(new Set(numbers).size).toBe(RUNS);

  // Filter by status: the URL keeps it and only those rows remain.
  const status = (counts.failed ?? 0) >= (counts.cancelled ?? 0) ? "failed" : "cancelled";
  expect(counts[status]).toBeGreaterThan(0);
  await page.getByLabel("Status").selectOption(status);
  await expect(page).toHaveURL(new RegExp(`[?&]status=${status}`));
  await expect(rows(page)).toHaveCount(counts[status]!);
  for (const s of await rows(page).evaluateAll((els) => els.map((e) => e.dataset.status)))
    expect(s).toBe(status);

  // Sort succeeded runs by best IoU (header click), both ways.
  await page.getByLabel("Status").selectOption("succeeded");
  await expect(rows(page)).toHaveCount(20);
  await page.getByRole("link", { name: "Best val" }).click();
  await expect(page).toHaveURL(/sort=best/);
  await expect(page.getByRole("columnheader", { name: /Best val/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  const descending = await bestValues(page);
  expect(descending.length).toBe(20);
  expect(descending).toEqual([...descending].sort((a, b) => b - a));
  // The leaderboard's first run is the table's first row.
  const top = await rows(page).first().getAttribute("data-run-number");
  await expect(page.getByTestId("leaderboard-row").first()).toHaveAttribute(
    "data-run-number",
    top!,
  );
  await page.getByRole("link", { name: "Best val" }).click();
  await expect(page).toHaveURL(/order=asc/);
  await expect(page.getByRole("columnheader", { name: /Best val/ })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
  const ascending = await bestValues(page);
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  expect(ascending[0]!).toBeLessThan(descending[0]!);

  // The best IoU over time is drawn.
  const chart = page.getByTestId("best-over-time-chart");
  await expect(chart.locator("canvas")).toBeVisible();
  expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThan(0);

  // Select two runs: Compare links to the comparison of exactly those.
  await page
    .getByRole("checkbox", { name: /Select run #/ })
    .nth(0)
    .check();
  await page
    .getByRole("checkbox", { name: /Select run #/ })
    .nth(1)
    .check();
  await expect(page.getByTestId("selected-count")).toHaveText("2 selected");
  await expect(page.getByRole("link", { name: "Compare" })).toHaveAttribute(
    "href",
    new RegExp(`/projects/${projectId}/runs/compare\\?ids=[a-z0-9]+,[a-z0-9]+$`),
  );

  // Open the best run: its charts replay its epochs.
  await page.getByRole("link", { name: "Best val" }).click(); // back to best first
  await expect(page).not.toHaveURL(/order=asc/);
  const best = rows(page).first();
  const bestNumber = await best.getAttribute("data-run-number");
  await best.getByRole("link", { name: `#${bestNumber}` }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/runs/[a-z0-9]+$`));
  const view = page.getByTestId("run-live-view");
  await expect(view.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded");
  await expect
    .poll(async () => Number(await page.getByTestId("metric-chart").getAttribute("data-points")))
    .toBe(EPOCHS);
  await expect(page.getByTestId("metric-chart").locator("canvas")).toBeVisible();

  // The dashboard card shows the project's best IoU and its latest run.
  await page.goto(dashboard, { timeout: 60_000 });
  const card = page.locator('[data-testid="project-card"][data-project-name="Runs e2e"]');
  await expect(card.getByTestId("project-best")).toContainText(descending[0]!.toFixed(3));
  await expect(card.getByTestId("project-runs")).toContainText(/Run #(43|44|45)/);
});
