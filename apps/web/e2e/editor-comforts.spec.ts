import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import {
  EDITOR_VIEWPORT,
  addAfterSelection,
  allNodes,
  chainAfterInput,
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
  // Its own paint layer: without one, every frame an edit changed elsewhere painted the palette's
  // entries again (about 2 ms of each edit's frame; DEVELOPERS.md, editor bench).
  await expect(page.getByRole("complementary", { name: "Layer palette" })).toHaveCSS(
    "contain",
    "paint",
  );
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
  const [conv, relu] = await chainAfterInput(page, "conv", "relu");
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

test("typing in one parameter re-renders that field only, not the node's other fields", async ({
  page,
}) => {
  await openFreshPlayground(page);
  const [conv, relu] = await chainAfterInput(page, "conv", "relu");
  await select(page, conv);
  // React writes a re-rendered input's attributes again (its name, at least): a write on any
  // other field of the inspector means the whole form rendered for one keystroke.
  await page.evaluate(() => {
    const inspector = document.querySelector('aside[aria-label="Inspector"]')!;
    const w = window as unknown as { __otherWrites: string[] };
    w.__otherWrites = [];
    new MutationObserver((records) => {
      for (const r of records)
        if (r.target instanceof HTMLElement && r.target.matches("input, select"))
          if (r.target.id !== "param-out_channels")
            w.__otherWrites.push(`${r.target.id}.${r.attributeName}`);
    }).observe(inspector, { subtree: true, attributes: true });
  });
  const field = page.locator("#param-out_channels");
  for (const value of ["1", "12", "128"]) {
    await field.fill(value);
    await expect(nodeBox(page, relu)).toHaveAttribute("data-shape", `${value} × 128 × 128`);
  }
  expect(
    await page.evaluate(() => (window as unknown as { __otherWrites: string[] }).__otherWrites),
  ).toEqual([]);
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

type Box = { x: number; y: number; width: number; height: number };

/** Presses at the centre of `from` and releases at the centre of `to`, in small steps. */
async function dragBetween(page: Page, from: Box, to: Box): Promise<void> {
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
}

test("re-wiring: a long edge's end drags to another layer; a short one re-wires from the input handle", async ({
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
  const handle = (id: string, kind: "source" | "target") =>
    page.locator(`.react-flow__node[data-id="${id}"] .react-flow__handle.${kind}`);

  // Neighbours 14 px apart: the edge's grab circles would overlap (a press on one end would move
  // the other), so it has none; dragging from ReLU's input to the other conv's output re-wires it.
  const short = page.locator(`.react-flow__edge[data-id^="${conv1}->${relu}"]`);
  await expect(short.locator(".react-flow__edgeupdater")).toHaveCount(0);
  await dragBetween(
    page,
    (await handle(relu, "target").boundingBox())!,
    (await handle(conv2, "source").boundingBox())!,
  );
  await expect(nodeBox(page, relu)).toHaveAttribute("data-shape", "8 × 128 × 128");
  await expect(short).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(nodeBox(page, relu)).toHaveAttribute("data-shape", "64 × 128 × 128");

  // The edge down to the branch is long: its target end is grabbed and dropped on ReLU's input.
  await fit(page);
  const long = page.locator(`.react-flow__edge[data-id^="input->${conv2}"]`);
  await dragBetween(
    page,
    (await long.locator(".react-flow__edgeupdater-target").boundingBox())!,
    (await handle(relu, "target").boundingBox())!,
  );
  await expect(nodeBox(page, relu)).toHaveAttribute("data-shape", "3 × 128 × 128");
  await expect(long).toHaveCount(0);
  await expect(page.locator(`.react-flow__edge[data-id^="${conv1}->${relu}"]`)).toHaveCount(0);
});
