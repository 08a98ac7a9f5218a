import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import {
  EDITOR_VIEWPORT,
  addAfterSelection,
  allNodes,
  chainAfterInput,
  nodeBox,
  openFreshPlayground,
  select,
  setParam,
  waitForStillViewport,
} from "./editor-helpers";

test.use({ viewport: EDITOR_VIEWPORT });

// Under Playwright's output folder (gitignored): kept after the run for people to look at.
const SCREENSHOTS = join(process.cwd(), "test-results", "editor-screenshots");

/** Centre y of every node on screen, with its spatial size (the last two dims of its shape). */
async function rows(page: Page) {
  return allNodes(page).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      const dims = (e.getAttribute("data-shape") ?? "").split(" × ");
      return {
        id: e.getAttribute("data-node-id")!,
        size: dims.length === 3 ? dims.slice(1).join("x") : null,
        cy: r.top + r.height / 2,
      };
    }),
  );
}

/** Waits until no node moves any more (the alignment animates). */
async function waitForStillNodes(page: Page) {
  let last = "";
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await rows(page));
        const still = now === last;
        last = now;
        return still;
      },
      { intervals: [150] },
    )
    .toBe(true);
}

test("ReLU before its BatchNorm breaks the order highlight; moving it after clears it", async ({
  page,
}) => {
  await openFreshPlayground(page);
  const [conv, relu, bn] = await chainAfterInput(page, "conv", "relu", "bn");
  await expect(nodeBox(page, relu)).toHaveAttribute("data-out-of-order", "true");
  await expect(nodeBox(page, relu)).toHaveClass(/lw-out-of-order/);
  await expect(nodeBox(page, conv)).toHaveAttribute("data-out-of-order", "false");
  // Brightness steps: the misplaced ReLU is drawn hatched; BatchNorm still lighter than conv.

  // One click in the Problems panel moves the ReLU after the BatchNorm; undo puts it back.
  await page.getByTestId("apply-reorder").click();
  await expect(nodeBox(page, relu)).toHaveAttribute("data-out-of-order", "false");
  await expect(page.locator(`.react-flow__edge[data-id^="${conv}->${bn}"]`)).toHaveCount(1);
  await expect(page.locator(`.react-flow__edge[data-id^="${bn}->${relu}"]`)).toHaveCount(1);
  await expect(page.getByTestId("apply-reorder")).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(nodeBox(page, relu)).toHaveAttribute("data-out-of-order", "true");

  // By hand: take the ReLU out (the chain heals conv → bn) and add it after the BatchNorm.
  await select(page, relu);
  await page.keyboard.press("Delete");
  await expect(nodeBox(page, relu)).toHaveCount(0);
  await expect(page.locator(`.react-flow__edge[data-id^="${conv}->${bn}"]`)).toHaveCount(1);
  await select(page, bn);
  const relu2 = await addAfterSelection(page, "relu");
  await expect(nodeBox(page, relu2)).toHaveAttribute("data-out-of-order", "false");
  await expect(page.locator('[data-testid="layer-node"][data-out-of-order="true"]')).toHaveCount(0);
});

test("U-Net alignment puts equal-size nodes on one row; screenshots of both alignments", async ({
  page,
}) => {
  await openFreshPlayground(page);
  await page.getByLabel("New model from template").selectOption("unet-small");
  await expect(nodeBox(page, "enc1_conv1")).toBeVisible();
  await page.keyboard.press("f");
  await waitForStillViewport(page);
  await waitForStillNodes(page);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, "unet-simple.png") });

  await page.getByRole("radio", { name: "U-Net" }).click();
  await expect(page.getByRole("radio", { name: "U-Net" })).toHaveAttribute("aria-checked", "true");
  await waitForStillNodes(page);
  await page.keyboard.press("f");
  await waitForStillViewport(page);
  await page.screenshot({ path: join(SCREENSHOTS, "unet-unet.png") });

  const all = await rows(page);
  const bySize = new Map<string, number[]>();
  for (const r of all) if (r.size) bySize.set(r.size, [...(bySize.get(r.size) ?? []), r.cy]);
  expect(bySize.size).toBeGreaterThanOrEqual(3);
  for (const [size, ys] of bySize) {
    expect(Math.max(...ys) - Math.min(...ys), `nodes of size ${size} share a row`).toBeLessThan(
      1.5,
    );
  }
  // Larger spatial sizes sit higher.
  const rowOf = (s: string) => bySize.get(s)![0]!;
  expect(rowOf("128x128")).toBeLessThan(rowOf("64x64"));

  // Back to Simple: the rows are no longer keyed by size (the decoder leaves the encoder's row).
  await page.getByRole("radio", { name: "Simple" }).click();
  await waitForStillNodes(page);
  const simple = await rows(page);
  const ys128 = simple.filter((r) => r.size === "128x128").map((r) => r.cy);
  const ys64 = simple.filter((r) => r.size === "64x64").map((r) => r.cy);
  expect(new Set([...ys128, ...ys64].map(Math.round)).size).toBeLessThan(
    ys128.length + ys64.length,
  );
});

test("import a model file and export it back unchanged; a bad file leaves the model alone", async ({
  page,
}, info) => {
  await openFreshPlayground(page);
  const model = {
    format: "layerwise.model-flow",
    version: 1,
    name: "Imported classifier",
    description: "kept across import and export",
    nodes: [
      { id: "in", type: "Input", params: { shape: [1, 28, 28] }, position: { x: 0, y: 40 } },
      {
        id: "c1",
        type: "Conv2d",
        params: { out_channels: 8, kernel_size: 3 },
        position: { x: 240, y: 40 },
        label: "stem",
        group: "g",
      },
      { id: "r1", type: "ReLU", params: {}, position: { x: 480, y: 40 } },
      { id: "f", type: "Flatten", params: {}, position: { x: 720, y: 40 } },
      { id: "fc", type: "Linear", params: { out_features: 10 }, position: { x: 960, y: 40 } },
      {
        id: "out",
        type: "Output",
        params: { task: "classification", num_classes: 10 },
        position: { x: 1200, y: 40 },
      },
    ],
    edges: [
      { source: "in", target: "c1" },
      { source: "c1", target: "r1" },
      { source: "r1", target: "f", note: "ui hint" },
      { source: "f", target: "fc" },
      { source: "fc", target: "out" },
    ],
  };
  const file = info.outputPath("classifier.model-flow.json");
  writeFileSync(file, JSON.stringify(model, null, 2));
  await page.getByTestId("import-file").setInputFiles(file);
  await expect(nodeBox(page, "fc")).toHaveAttribute("data-shape", "10");
  await expect(allNodes(page)).toHaveCount(6);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const exported = JSON.parse(readFileSync(await (await download).path(), "utf8"));
  expect(exported).toEqual(model);

  const bad = info.outputPath("bad.json");
  writeFileSync(bad, JSON.stringify({ format: "something-else", nodes: 3 }));
  await page.getByTestId("import-file").setInputFiles(bad);
  await expect(page.getByTestId("editor-message")).toContainText("not a Layerwise model-flow file");
  await expect(allNodes(page)).toHaveCount(6);
  const garbage = info.outputPath("garbage.json");
  writeFileSync(garbage, "{ not json");
  await page.getByTestId("import-file").setInputFiles(garbage);
  await expect(page.getByTestId("editor-message")).toContainText("not JSON");
  await expect(allNodes(page)).toHaveCount(6);
});

test("the playground keeps the model across a reload", async ({ page }) => {
  await openFreshPlayground(page);
  await select(page, "input");
  const conv = await addAfterSelection(page, "conv");
  await setParam(page, "out_channels", "24");
  await expect(nodeBox(page, conv)).toHaveAttribute("data-shape", "24 × 128 × 128");
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem("layerwise:playground:v1")?.length ?? 0))
    .toBeGreaterThan(0);
  await page.evaluate(() => dispatchEvent(new Event("pagehide")));
  await page.reload();
  await expect(nodeBox(page, conv)).toHaveAttribute("data-shape", "24 × 128 × 128");
  // Undo still works on the reloaded model's new edits; redo brings them back.
  await select(page, conv);
  await setParam(page, "out_channels", "40");
  await expect(nodeBox(page, conv)).toHaveAttribute("data-shape", "40 × 128 × 128");
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await expect(nodeBox(page, conv)).toHaveAttribute("data-shape", "24 × 128 × 128");
  await page.keyboard.press("Control+Shift+z");
  await expect(nodeBox(page, conv)).toHaveAttribute("data-shape", "40 × 128 × 128");
});
