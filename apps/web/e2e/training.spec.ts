import { expect, test, type Page } from "@playwright/test";
import { createProject, signUp, uniqueEmail } from "./auth-helpers";

// The first run of a fresh machine also generates the built-in nuclei dataset.
test.setTimeout(600_000);

/** The progress bar's fraction (0–1) as the live view renders it. */
async function progress(page: Page): Promise<number> {
  return Number(await page.getByTestId("run-progress").getAttribute("data-fraction"));
}

async function chartPoints(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute("data-points"));
}

test("from the U-Net template, Train: the run queues, progress and charts move live, the finished run shows its IoU", async ({
  page,
}) => {
  await signUp(page, "Trainer", uniqueEmail("train"));
  const projectId = await createProject(page, "Nuclei U-Net", "U-Net (small, binary)");
  await expect(page.getByTestId("save-status")).toHaveText("Saved");

  await page.getByRole("button", { name: "Train", exact: true }).click();
  const panel = page.getByRole("dialog", { name: "Training" });
  const form = panel.getByRole("form", { name: "Train" });
  await expect(form.getByLabel("Dataset")).toHaveValue("nuclei");
  // Small and short, so the run finishes in well under a minute on a CPU.
  await form.getByLabel("Resolution").fill("64");
  await form.getByLabel("Epochs").fill("2");
  await form.getByLabel("Batch size").fill("16");
  await expect(panel.getByTestId("train-errors")).toHaveCount(0);
  const accept = form.getByRole("button", { name: /^Accept \d+ warnings? and train$/ });
  await (
    (await accept.isVisible()) ? accept : form.getByRole("button", { name: "Start training" })
  ).click();

  const view = panel.getByTestId("run-live-view");
  await expect(view).toBeVisible({ timeout: 30_000 });
  await expect(view.getByTestId("run-status")).toHaveAttribute("data-status", /queued|running/);
  // The Input now binds the dataset at the training resolution (stored with the run's version).
  await expect(page.getByTestId("save-status")).toHaveText("Saved");

  // Live: the progress bar and the loss chart move while it trains.
  await expect(view.getByTestId("run-status")).toHaveAttribute("data-status", "running", {
    timeout: 480_000,
  });
  await expect.poll(() => progress(page), { timeout: 120_000 }).toBeGreaterThan(0);
  const early = await progress(page);
  await expect.poll(() => chartPoints(page, "loss-chart"), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(() => progress(page), { timeout: 120_000 }).toBeGreaterThan(early);
  await expect(view.getByTestId("run-device")).toContainText("cpu");

  await expect(view.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", {
    timeout: 180_000,
  });
  expect(await progress(page)).toBe(1);
  expect(await chartPoints(page, "metric-chart")).toBe(2);
  const iou = Number(await view.getByTestId("run-best-iou").textContent());
  // Two short epochs at 64² may still predict little foreground: the IoU is shown, whatever it is.
  expect(Number.isFinite(iou)).toBe(true);
  expect(iou).toBeGreaterThanOrEqual(0);
  expect(iou).toBeLessThanOrEqual(1);

  // The run page shows the whole history after the fact.
  await view.getByRole("link", { name: "Open run page" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/runs/[a-z0-9]+$`));
  const runPage = page.getByTestId("run-live-view");
  await expect(runPage.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded");
  await expect(runPage.getByTestId("run-best-iou")).toHaveText(iou.toFixed(3));
  await expect.poll(() => chartPoints(page, "metric-chart")).toBe(2);
  await expect.poll(() => chartPoints(page, "loss-chart")).toBeGreaterThan(2);
  await expect(runPage.getByRole("link", { name: "model.onnx" })).toBeVisible();
});
