import { expect as baseExpect, test, type Page } from "@playwright/test";
import { storedModel, submitSignUp, uniqueEmail } from "./auth-helpers";
import { saveVersion, withProjectDb } from "./runs-helpers";

// The shared 2-core machine runs several builds and suites at once (load average above 20):
// sign-up (password hashing), the first render of each page and the editor's load take longer
// than the default 10 s there. Every wait is for a condition; only the patience is longer.
const expect = baseExpect.configure({ timeout: 45_000 });

interface TNode {
  id: string;
  type: string;
  params: Record<string, unknown>;
  position?: { x: number; y: number };
}
interface TModel {
  nodes: TNode[];
  edges: { source: string; target: string; port?: number }[];
  [key: string]: unknown;
}

/** U-Net small with a wider first convolution and a Dropout2d spliced in before the head. */
function improved(model: TModel): TModel {
  const a = model.nodes.find((n) => n.id === "dec1_relu2")!.position ?? { x: 0, y: 0 };
  const b = model.nodes.find((n) => n.id === "head")!.position ?? { x: 0, y: 0 };
  return {
    ...model,
    nodes: [
      ...model.nodes.map((n) =>
        n.id === "enc1_conv1" ? { ...n, params: { ...n.params, out_channels: 24 } } : n,
      ),
      {
        id: "drop",
        type: "Dropout2d",
        params: { p: 0.2 },
        position: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
      },
    ],
    edges: [
      ...model.edges.filter((e) => !(e.source === "dec1_relu2" && e.target === "head")),
      { source: "dec1_relu2", target: "drop" },
      { source: "drop", target: "head" },
    ],
  };
}

/** Replaces the editor's model with `model` through its Import button, and waits until stored. */
async function importModel(page: Page, projectId: string, model: TModel, name: string) {
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("import-file").setInputFiles({
    name,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(model)),
  });
  const hasDrop = model.nodes.some((n) => n.id === "drop");
  await expect
    .poll(async () => (await storedModel(page, projectId)).nodes.some((n) => n.id === "drop"))
    .toBe(hasDrop);
}

/** Two finished runs with their epochs, seeded in the database as the trainer would leave them. */
async function seedRuns(projectId: string, email: string, versions: [string, string]) {
  return withProjectDb(projectId, email, async (client, { teamId, userId }) => {
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const runs = [
      {
        id: `e2ecmpa${suffix}`,
        number: 1,
        versionId: versions[0],
        lr: 0.001,
        ious: [0.2, 0.31, 0.4],
      },
      {
        id: `e2ecmpb${suffix}`,
        number: 2,
        versionId: versions[1],
        lr: 0.0005,
        ious: [0.25, 0.42, 0.55],
      },
    ];
    for (const r of runs) {
      const best = Math.max(...r.ious);
      await client.query(
        `INSERT INTO "Run" (id, "projectId", "teamId", number, "versionId", "authorId", status, config,
           device, "startedAt", "finishedAt", "durationMs", best, "bestMetric", "epochsDone")
         VALUES ($1, $2, $3, $4, $5, $6, 'succeeded', $7, 'cpu', now() - interval '2 minutes', now(),
           120000, $8, $9, $10)`,
        [
          r.id,
          projectId,
          teamId,
          r.number,
          r.versionId,
          userId,
          JSON.stringify({ dataset: "nuclei", epochs: 3, batch_size: 8, lr: r.lr }),
          JSON.stringify({ epoch: r.ious.indexOf(best) + 1, val_iou: best, val_dice: best + 0.1 }),
          best,
          r.ious.length,
        ],
      );
      for (const [i, iou] of r.ious.entries())
        await client.query(
          `INSERT INTO "RunEpoch" ("runId", epoch, "trainLoss", "valLoss", "valIou", "valDice", lr,
             seconds, "imagesPerS") VALUES ($1, $2, $3, $4, $5, $6, $7, 40, 5)`,
          [r.id, i + 1, 1 - iou, 1.1 - iou, iou, iou + 0.1, r.lr],
        );
    }
    return runs.map((r) => r.id) as [string, string];
  });
}

test("compare two runs of different models: curves overlaid, the changed layers marked, the better model back in the editor", async ({
  page,
}) => {
  // Sign-up, two imports, two versions and a restore on the slow shared machine.
  test.setTimeout(300_000);
  const email = uniqueEmail("compare");
  await page.goto("/sign-up");
  await submitSignUp(page, "Cora Compare", email);
  await expect(page).toHaveURL(/\/teams\/[a-z0-9]+$/);
  const form = page.getByRole("form", { name: "New project" });
  await form.getByLabel("Project name").fill("Compare e2e");
  await form.getByLabel("Start from").selectOption({ label: "U-Net (small, binary)" });
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[a-z0-9]+$/);
  await expect(page.getByTestId("model-editor")).toBeVisible();
  const projectId = page.url().split("/projects/")[1]!;
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");

  // Version 1: the template; version 2: wider first conv and a dropout before the head. Then the
  // editor goes back to the template, so opening run #2's model visibly changes it.
  const baseline = (await storedModel(page, projectId)) as unknown as TModel;
  const v1 = await saveVersion(page, projectId, "Baseline");
  await importModel(page, projectId, improved(baseline), "improved.json");
  const v2 = await saveVersion(page, projectId, "Wider conv + dropout");
  await importModel(page, projectId, baseline, "baseline.json");
  const [run1, run2] = await seedRuns(projectId, email, [v1, v2]);

  // From the runs page: select #1 (the baseline) and #2, then Compare.
  await page.goto(`/projects/${projectId}/runs`);
  await expect(page.locator('section[aria-label="Runs"]')).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("checkbox", { name: "Select run #1" }).check();
  await page.getByRole("checkbox", { name: "Select run #2" }).check();
  await page.getByRole("link", { name: "Compare", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/compare\\?ids=${run1},${run2}$`));
  await expect(page.getByRole("heading", { name: "Compare runs #1, #2" })).toBeVisible();

  // The curves: one series per run on every metric chart, over the union of their epochs.
  for (const chart of ["val_iou", "val_loss", "train_loss", "val_dice", "lr"]) {
    const plot = page.getByTestId(`uplot-${chart}`);
    await expect(plot).toHaveAttribute("data-series", "2");
    await expect(plot).toHaveAttribute("data-points", "3");
  }
  await expect(page.getByTestId("uplot-val_iou").locator("canvas")).toBeVisible();
  await expect(page.getByTestId("uplot-val_iou").getByText("#2")).toBeVisible();

  // The table highlights what differs, and can show only that.
  const table = page.getByTestId("compare-table");
  await expect(table.locator('[data-key="config.lr"]')).toHaveAttribute("data-differs", "true");
  await expect(table.locator('[data-key="config.batch_size"]')).toHaveAttribute(
    "data-differs",
    "false",
  );
  await expect(table.locator('[data-key="best_iou"]')).toContainText("0.55");
  await page.getByLabel("Only differences").check();
  await expect(table.locator('[data-key="config.batch_size"]')).toHaveCount(0);
  await expect(table.locator('[data-key="config.lr"]')).toBeVisible();

  // The model diff: run #2's model has the changed conv and the added dropout marked.
  const diff = page.locator('[data-testid="model-diff"][data-run="2"]');
  const after = diff.getByTestId("diff-run");
  const before = diff.getByTestId("diff-baseline");
  await expect(after.locator('[data-node-id="enc1_conv1"]')).toHaveAttribute(
    "data-highlight",
    "changed",
  );
  await expect(after.locator('[data-node-id="drop"]')).toHaveAttribute("data-highlight", "added");
  await expect(after.locator('[data-node-id="enc1_bn1"]')).toHaveAttribute(
    "data-highlight",
    "none",
  );
  await expect(before.locator('[data-node-id="enc1_conv1"]')).toHaveAttribute(
    "data-highlight",
    "changed",
  );
  await expect(before.locator('[data-node-id="drop"]')).toHaveCount(0);
  const row = diff.getByTestId("changed-params").getByRole("row", { name: /enc1_conv1/ });
  await expect(row).toContainText("out_channels");
  await expect(row).toContainText("16");
  await expect(row).toContainText("24");
  await expect(diff.getByTestId("added-nodes")).toContainText("drop");

  // The comparison's metrics download as CSV: one row per run and epoch.
  const csv = await page.request.get(`/api/runs/compare/metrics?ids=${run1},${run2}&format=csv`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).trim().split("\r\n")).toHaveLength(1 + 6);

  // Run #2's own page: its charts on an epoch or wall-time axis, its hyperparameters, its model.
  await page.getByRole("link", { name: "Run #2", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${run2}$`));
  const loss = page.getByTestId("uplot-loss");
  await expect(loss).toHaveAttribute("data-series", "2");
  await expect(loss).toHaveAttribute("data-points", "3");
  await page.getByLabel("x axis").selectOption("wall");
  await expect(loss.getByText("training time (s)")).toBeVisible();
  await expect(page.getByTestId("run-config")).toContainText("0.0005");
  await expect(page.getByTestId("run-model").getByTestId("model-editor")).toBeVisible();
  await page.goBack();

  // The better run is #2: open its model in the editor (restored as a new version).
  await expect(page.getByTestId("best-run")).toHaveAttribute("data-run", "2");
  await page.getByRole("button", { name: "Open run #2's model in the editor" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}$`));
  await expect(page.getByTestId("model-editor")).toBeVisible();
  await expect(page.locator('[data-testid="layer-node"][data-node-id="drop"]')).toBeVisible();
  await expect(page.locator('[data-testid="layer-node"][data-node-id="enc1_conv1"]')).toBeVisible();
  const model = await storedModel(page, projectId);
  expect(model.nodes.find((n) => n.id === "enc1_conv1")?.params.out_channels).toBe(24);
  const versions = await page.request.get(`/api/projects/${projectId}/versions`);
  const list = ((await versions.json()) as { versions: { number: number; message: string }[] })
    .versions;
  expect(list[0]).toMatchObject({
    number: 3,
    message: expect.stringMatching(/^Restored version 2/),
  });

  // Run #1 is no longer needed: delete it from its page (after a confirm).
  await page.goto(`/projects/${projectId}/runs/${run1}`);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete run" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/runs$`));
  await expect(page.getByRole("checkbox", { name: "Select run #2" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Select run #1" })).toHaveCount(0);
  expect((await page.request.get(`/api/runs/${run1}`)).status()).toBe(404);
});
