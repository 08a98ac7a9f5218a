import { expect, type Locator, type Page } from "@playwright/test";

/** The editor wants room: a laptop-sized window, not the 1280×720 default. */
export const EDITOR_VIEWPORT = { width: 1600, height: 1000 };

/** Opens /playground on an empty browser store (a blank model: Input and Output). */
export async function openFreshPlayground(page: Page): Promise<void> {
  await page.goto("/playground");
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId("model-editor")).toBeVisible();
  await expect(nodeBox(page, "input")).toBeVisible();
}

/** The box of one layer on the canvas. */
export function nodeBox(page: Page, id: string): Locator {
  return page.locator(`[data-testid="layer-node"][data-node-id="${id}"]`);
}

/** Every layer box on the canvas. */
export function allNodes(page: Page): Locator {
  return page.getByTestId("layer-node");
}

/** The id of the (single) selected node. */
export async function selectedId(page: Page): Promise<string> {
  const sel = page.locator(".react-flow__node.selected");
  await expect(sel).toHaveCount(1);
  return (await sel.getAttribute("data-id"))!;
}

/** Clicks a node to select it. */
export async function select(page: Page, id: string): Promise<void> {
  // Auto-align may have moved the node off screen or under the minimap: fit first.
  await fit(page);
  await nodeBox(page, id).click();
  await expect(page.locator(`.react-flow__node.selected[data-id="${id}"]`)).toHaveCount(1);
}

/** The keyboard flow: `/`, type a query, Enter — adds the first match after the selection. */
export async function addAfterSelection(page: Page, query: string): Promise<string> {
  const before = await selectedId(page);
  await page
    .locator(".react-flow__pane")
    .focus()
    .catch(() => undefined);
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search layers")).toBeFocused();
  await page.keyboard.type(query);
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.locator(".react-flow__node.selected").getAttribute("data-id"))
    .not.toBe(before);
  await page.getByLabel("Search layers").blur();
  return selectedId(page);
}

/** Adds a chain of layers after the Input, one query each; returns their ids, the last selected. */
export async function chainAfterInput<const Q extends readonly string[]>(
  page: Page,
  ...queries: Q
): Promise<{ [K in keyof Q]: string }> {
  await select(page, "input");
  const ids: string[] = [];
  for (const query of queries) ids.push(await addAfterSelection(page, query));
  return ids as { [K in keyof Q]: string };
}

/** Sets a parameter in the inspector of the selected node. */
export async function setParam(page: Page, name: string, value: string): Promise<void> {
  const field = page.locator(`#param-${name}`);
  await field.fill(value);
  await field.blur();
}

/** Drags a new edge from `source`'s output handle to `target`'s input port. */
export async function connectNodes(
  page: Page,
  source: string,
  target: string,
  port = 0,
): Promise<void> {
  await fit(page);
  const from = page.locator(`.react-flow__node[data-id="${source}"] .react-flow__handle.source`);
  const to = page.locator(
    `.react-flow__node[data-id="${target}"] .react-flow__handle[data-handleid="in-${port}"]`,
  );
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Zooms to fit (F) so that every node is on screen. */
export async function fit(page: Page): Promise<void> {
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("f");
  await waitForStillViewport(page);
}

/**
 * Waits until the scene stops moving: the viewport transform (fit and centre animate with d3-zoom
 * for 300 ms) and every node's position (an auto-align follows an edit one frame later) unchanged
 * for 450 ms. A wait that only compared two polls could end before an animation had started.
 */
export async function waitForStillViewport(page: Page): Promise<void> {
  await page.evaluate(() => {
    delete (window as unknown as { __lwScene?: unknown }).__lwScene;
  });
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __lwScene?: { key: string; since: number } };
      const viewport =
        (document.querySelector(".react-flow__viewport") as HTMLElement | null)?.style.transform ??
        "";
      const nodes = [...document.querySelectorAll<HTMLElement>(".react-flow__node")]
        .map((n) => n.style.transform)
        .join(";");
      const key = `${viewport}|${nodes}`;
      const now = performance.now();
      if (w.__lwScene?.key !== key) w.__lwScene = { key, since: now };
      return now - w.__lwScene.since >= 450;
    },
    undefined,
    { polling: 100 },
  );
}

/**
 * Builds a small U-Net from the palette on a blank model: one encoder level, a bottleneck, one
 * decoder level with a skip connection into Concat, a 1-channel head into Output. The pool is
 * dragged from the palette; every other layer is added with the keyboard.
 * Returns the ids, for assertions.
 */
export async function buildSmallUNet(page: Page, skipFrom: "encoder" | "pool" = "encoder") {
  await select(page, "input");
  const conv1 = await addAfterSelection(page, "conv");
  await setParam(page, "out_channels", "16");
  const bn1 = await addAfterSelection(page, "bn");
  const relu1 = await addAfterSelection(page, "relu");

  // Drag MaxPool2d from the palette onto an empty spot of the canvas, then wire it.
  const pane = page.locator(".react-flow__pane");
  const box = (await pane.boundingBox())!;
  await page.locator('[data-testid="palette-item"][data-type="MaxPool2d"]').dragTo(pane, {
    targetPosition: { x: box.width / 2, y: box.height - 30 },
  });
  const pool = "maxpool2d_1";
  await expect(nodeBox(page, pool)).toBeVisible();
  await fit(page);
  await connectNodes(page, relu1, pool);
  await expect(nodeBox(page, pool)).toHaveAttribute("data-shape", "16 × 64 × 64");

  await select(page, pool);
  const conv2 = await addAfterSelection(page, "conv");
  await setParam(page, "out_channels", "32");
  const bn2 = await addAfterSelection(page, "bn");
  const relu2 = await addAfterSelection(page, "relu");
  const up = await addAfterSelection(page, "upconv");
  await setParam(page, "out_channels", "16");
  const cat = await addAfterSelection(page, "concat");
  await fit(page);
  await connectNodes(page, skipFrom === "encoder" ? relu1 : pool, cat, 1);
  await select(page, cat);
  const head = await addAfterSelection(page, "conv");
  await setParam(page, "out_channels", "1");
  await setParam(page, "kernel_size", "1");
  await setParam(page, "padding", "0");
  await fit(page);
  await connectNodes(page, head, "output");
  return { conv1, bn1, relu1, pool, conv2, bn2, relu2, up, cat, head };
}
