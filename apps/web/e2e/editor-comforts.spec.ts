import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import {
  EDITOR_VIEWPORT,
  addAfterSelection,
  allNodes,
  fit,
  nodeBox,
  openFreshPlayground,
  select,
  setParam,
} from "./editor-helpers";

test.use({ viewport: EDITOR_VIEWPORT });

test("palette: grouped by family, searchable by alias", async ({ page }) => {
  await openFreshPlayground(page);
  for (const family of [
    "io",
    "convolution",
    "pooling",
    "upsampling",
    "normalization",
    "activation",
    "merge",
  ]) {
    await expect(page.getByRole("heading", { name: family, exact: true })).toBeVisible();
  }
  expect(await page.getByTestId("palette-item").count()).toBeGreaterThan(60);
  const search = page.getByLabel("Search layers");
  await search.fill("bn");
  await expect(page.getByTestId("palette-item").first()).toHaveAttribute(
    "data-type",
    "BatchNorm2d",
  );
  await search.fill("upconv");
  await expect(page.getByTestId("palette-item").first()).toHaveAttribute(
    "data-type",
    "ConvTranspose2d",
  );
  await search.fill("no such layer");
  await expect(page.getByText("No layer matches")).toBeVisible();
});

test("inspector validates inline and shows the new shape downstream", async ({ page }) => {
  await openFreshPlayground(page);
  await select(page, "input");
  const conv = await addAfterSelection(page, "conv");
  const relu = await addAfterSelection(page, "relu");
  await select(page, conv);
  const field = page.locator("#param-out_channels");
  await field.fill("0");
  await expect(page.getByRole("alert").filter({ hasText: "Expected" })).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(nodeBox(page, relu)).toHaveAttribute("data-shape", "64 × 128 × 128");
  await field.fill("12");
  await expect(nodeBox(page, relu)).toHaveAttribute("data-shape", "12 × 128 × 128");
  await setParam(page, "stride", "2");
  await expect(nodeBox(page, relu)).toHaveAttribute("data-shape", "12 × 64 × 64");
  // A (3, 1) kernel with padding 1 keeps one more column: (128 + 2 − 1) / 2 + 1 = 65.
  await setParam(page, "kernel_size", "(3, 1)");
  await expect(page.getByTestId("inspector-shape")).toContainText("12 × 64 × 65");
});

test("copy puts the layers on the system clipboard; pasting a clip from another tab adds its layers", async ({
  page,
}) => {
  await openFreshPlayground(page);
  await select(page, "input");
  const conv = await addAfterSelection(page, "conv");
  await select(page, conv);
  // What a copy event (Ctrl+C in a browser with clipboard access) writes to the system clipboard.
  const copied = await page.evaluate(() => {
    const data = new DataTransfer();
    window.dispatchEvent(new ClipboardEvent("copy", { clipboardData: data }));
    return data.getData("text/plain");
  });
  const clip = JSON.parse(copied) as { format: string; nodes: { id: string; type: string }[] };
  expect(clip.format).toBe("layerwise.clip");
  expect(clip.nodes.map((n) => n.type)).toEqual(["Conv2d"]);

  // A clip copied elsewhere (another tab, another project): two connected layers.
  const other = JSON.stringify({
    format: "layerwise.clip",
    version: 1,
    nodes: [
      { id: "g", type: "GELU", params: {} },
      { id: "d", type: "Dropout", params: { p: 0.3 } },
    ],
    edges: [{ source: "g", target: "d" }],
  });
  const paste = (text: string) =>
    page.evaluate((t) => {
      const data = new DataTransfer();
      data.setData("text/plain", t);
      window.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data }));
    }, text);
  await paste(other);
  await expect(allNodes(page)).toHaveCount(5);
  await expect(page.locator(".react-flow__node.selected")).toHaveCount(2);
  await expect(page.locator('[data-testid="layer-node"][data-type="GELU"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="layer-node"][data-type="Dropout"]')).toHaveCount(1);
  // A broken clip (a node without a type) pastes nothing and says so.
  await paste(
    JSON.stringify({ format: "layerwise.clip", version: 1, nodes: [{ id: "x" }], edges: [] }),
  );
  await expect(page.getByText("cannot be read; nothing was pasted")).toBeVisible();
  await expect(allNodes(page)).toHaveCount(5);
  // Undo takes the pasted pair back in one step.
  await page.keyboard.press("Control+z");
  await expect(allNodes(page)).toHaveCount(3);
});

test("undo/redo, copy/paste, box select and delete", async ({ page }) => {
  await openFreshPlayground(page);
  await select(page, "input");
  const conv = await addAfterSelection(page, "conv");
  await setParam(page, "out_channels", "20");
  await expect(allNodes(page)).toHaveCount(3);

  await page.keyboard.press("Control+z");
  await expect(nodeBox(page, conv)).toHaveAttribute("data-shape", "64 × 128 × 128");
  await page.keyboard.press("Control+z");
  await expect(allNodes(page)).toHaveCount(2);
  await page.keyboard.press("Control+Shift+z");
  await page.keyboard.press("Control+Shift+z");
  await expect(nodeBox(page, conv)).toHaveAttribute("data-shape", "20 × 128 × 128");

  await select(page, conv);
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await expect(allNodes(page)).toHaveCount(4);
  await expect(page.locator(".react-flow__node.selected")).toHaveCount(1);
  const copy = (await page.locator(".react-flow__node.selected").getAttribute("data-id"))!;
  expect(copy).not.toBe(conv);

  // Box select (Shift+drag) around everything, then Delete removes the selection.
  await fit(page);
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  await page.keyboard.down("Shift");
  await page.mouse.move(pane.x + 4, pane.y + 4);
  await page.mouse.down();
  await page.mouse.move(pane.x + pane.width - 230, pane.y + pane.height - 4, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  await expect.poll(() => page.locator(".react-flow__node.selected").count()).toBeGreaterThan(1);
  await page.keyboard.press("Delete");
  await expect.poll(() => allNodes(page).count()).toBeLessThan(4);
  await page.keyboard.press("Control+z");
  await expect(allNodes(page)).toHaveCount(4);
});

test("summary table, code panel, shortcuts help, dark mode and figure export", async ({ page }) => {
  await openFreshPlayground(page);
  await page.getByLabel("New model from template").selectOption("lenet5");
  await expect(allNodes(page).first()).toBeVisible();
  const nodeCount = await allNodes(page).count();
  const params = await page.getByTestId("total-params").getAttribute("data-value");

  await page.getByRole("tab", { name: "summary" }).click();
  await expect(page.getByTestId("summary").locator("tbody tr")).toHaveCount(nodeCount);
  await expect(page.getByTestId("summary").locator("tfoot")).toContainText(
    Number(params).toLocaleString("en-US"),
  );

  await page.getByRole("tab", { name: "code" }).click();
  await expect(page.getByTestId("code")).toContainText("nn.Conv2d");
  await expect(page.getByTestId("code")).toContainText(`# Parameters: ${params}`);

  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText("Undo");
  await page.getByRole("button", { name: "Close" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const wasDark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  await page.getByRole("button", { name: wasDark ? "Light" : "Dark" }).click();
  await expect
    .poll(() => page.evaluate(() => document.documentElement.classList.contains("dark")))
    .toBe(!wasDark);

  const svgDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Figure SVG" }).click();
  const svg = readFileSync(await (await svgDownload).path(), "utf8");
  expect(svg.startsWith("<svg")).toBe(true);
  // One box per layer (plus the background).
  expect(svg.match(/<rect /g)!.length).toBe(nodeCount + 1);
  const pngDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Figure PNG" }).click();
  const png = readFileSync(await (await pngDownload).path());
  expect(png.subarray(1, 4).toString()).toBe("PNG");
});

test("group selected layers into a block and expand it again", async ({ page }) => {
  await openFreshPlayground(page);
  await select(page, "input");
  const conv = await addAfterSelection(page, "conv");
  const bn = await addAfterSelection(page, "bn");
  const relu = await addAfterSelection(page, "relu");
  const params = await page.getByTestId("total-params").getAttribute("data-value");
  await fit(page);
  await nodeBox(page, conv).click();
  await nodeBox(page, bn).click({ modifiers: ["Control"] });
  await nodeBox(page, relu).click({ modifiers: ["Control"] });
  await expect(page.locator(".react-flow__node.selected")).toHaveCount(3);
  await page.getByRole("button", { name: "Group", exact: true }).click();
  await expect(allNodes(page)).toHaveCount(3);
  const block = page.locator('[data-testid="layer-node"][data-type="Block"]');
  await expect(block).toHaveAttribute("data-shape", "64 × 128 × 128");
  await expect(page.getByTestId("total-params")).toHaveAttribute("data-value", params!);
  await block.hover();
  await expect(
    page.locator(
      `[role="tooltip"][data-tooltip-for="${await block.getAttribute("data-node-id")}"]`,
    ),
  ).toContainText("Block 1");

  await page.getByRole("button", { name: "Expand", exact: true }).click();
  await expect(allNodes(page)).toHaveCount(5);
  await expect(page.locator('[data-testid="layer-node"][data-type="ReLU"]')).toHaveAttribute(
    "data-shape",
    "64 × 128 × 128",
  );
  await expect(page.getByTestId("total-params")).toHaveAttribute("data-value", params!);
  await page.keyboard.press("Control+z");
  await expect(block).toHaveCount(1);
});

// FIXME(issue 11): with the compact layout's 14 px gaps the end of a short edge sits under the
// layers' handles, and this drag starts a new connection instead of moving the edge's end.
// Reconnecting must get a grab area that does not overlap the handles; until then this is open.
test.fixme("dragging an edge's end to another layer reconnects it and updates the shapes", async ({
  page,
}) => {
  await openFreshPlayground(page);
  await select(page, "input");
  const conv1 = await addAfterSelection(page, "conv");
  const relu = await addAfterSelection(page, "relu");
  await select(page, "input");
  const conv2 = await addAfterSelection(page, "conv");
  await setParam(page, "out_channels", "8");
  await expect(nodeBox(page, relu)).toHaveAttribute("data-shape", "64 × 128 × 128");
  await fit(page);
  const edge = page.locator(`.react-flow__edge[data-id^="${conv1}->${relu}"]`);
  // A routed edge may arc: hover a point on its path, not the middle of its bounding box.
  const onPath = await edge.locator(".react-flow__edge-path").evaluate((path: SVGPathElement) => {
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM()!;
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  });
  await page.mouse.move(onPath.x, onPath.y);
  const anchor = edge.locator(".react-flow__edgeupdater-source");
  const a = (await anchor.boundingBox())!;
  const b = (await page
    .locator(`.react-flow__node[data-id="${conv2}"] .react-flow__handle.source`)
    .boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(nodeBox(page, relu)).toHaveAttribute("data-shape", "8 × 128 × 128");
  await expect(page.locator(`.react-flow__edge[data-id^="${conv1}->${relu}"]`)).toHaveCount(0);
});
