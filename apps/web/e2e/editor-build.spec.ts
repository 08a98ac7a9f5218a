import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import {
  EDITOR_VIEWPORT,
  allNodes,
  buildSmallUNet,
  connectNodes,
  fit,
  nodeBox,
  openFreshPlayground,
  select,
  setParam,
} from "./editor-helpers";

test.use({ viewport: EDITOR_VIEWPORT });

test.describe("building a U-Net from the palette", () => {
  // Twelve layers added and wired by hand, like a user would: slower than the 60 s default on a
  // busy CI machine.
  test.describe.configure({ timeout: 180_000 });

  test("a small U-Net built from the palette shows a shape on every node and no errors", async ({
    page,
  }) => {
    await openFreshPlayground(page);
    const ids = await buildSmallUNet(page);
    await expect(page.getByTestId("error-count")).toHaveAttribute("data-value", "0");
    // Every node shows a concrete output shape, as on the paper's canvas.
    const shapes = await allNodes(page).evaluateAll((els) =>
      els.map((e) => [e.getAttribute("data-node-id"), e.getAttribute("data-shape")]),
    );
    expect(shapes.length).toBe(12);
    for (const [id, shape] of shapes) expect(shape, `shape of ${id}`).toMatch(/^\d+( × \d+)*$/);
    await expect(nodeBox(page, ids.relu1)).toHaveAttribute("data-shape", "16 × 128 × 128");
    await expect(nodeBox(page, ids.relu2)).toHaveAttribute("data-shape", "32 × 64 × 64");
    await expect(nodeBox(page, ids.cat)).toHaveAttribute("data-shape", "32 × 128 × 128");
    await expect(nodeBox(page, ids.head)).toHaveAttribute("data-shape", "1 × 128 × 128");
    // Width encodes channels: the 32-channel bottleneck is wider than the 16-channel encoder.
    const w16 = Number(await nodeBox(page, ids.relu1).getAttribute("data-width"));
    const w32 = Number(await nodeBox(page, ids.relu2).getAttribute("data-width"));
    expect(w32).toBeGreaterThan(w16);
    // Height encodes spatial size: the 64×64 bottleneck is lower than the 128×128 encoder.
    const h128 = (await nodeBox(page, ids.relu1).boundingBox())!.height;
    const h64 = (await nodeBox(page, ids.relu2).boundingBox())!.height;
    expect(h64).toBeLessThan(h128);

    // Editing a parameter updates the shapes downstream at once.
    await select(page, ids.conv2);
    await setParam(page, "out_channels", "48");
    await expect(nodeBox(page, ids.relu2)).toHaveAttribute("data-shape", "48 × 64 × 64");
    await expect(page.getByTestId("error-count")).toHaveAttribute("data-value", "0");

    // Hover shows params and MACs.
    await nodeBox(page, ids.conv2).hover();
    await expect(page.locator(`[role="tooltip"][data-tooltip-for="${ids.conv2}"]`)).toContainText(
      /params .* MACs/,
    );
  });

  test("the downloaded code builds in torch with the parameter count of the status bar", async ({
    page,
  }, info) => {
    await openFreshPlayground(page);
    await buildSmallUNet(page);
    await expect(page.getByTestId("error-count")).toHaveAttribute("data-value", "0");
    const shown = Number(await page.getByTestId("total-params").getAttribute("data-value"));
    expect(shown).toBeGreaterThan(0);
    await page.getByRole("tab", { name: "code" }).click();
    await expect(page.getByTestId("code")).toContainText("class");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download .py" }).click();
    const dl = await download;
    expect(dl.suggestedFilename()).toMatch(/\.py$/);
    const file = info.outputPath("model.py");
    await dl.saveAs(file);
    const code = readFileSync(file, "utf8");
    expect(code).toContain("import torch");
    const script = [
      "import importlib.util, json, sys, torch",
      "spec = importlib.util.spec_from_file_location('m', sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)",
      "model = m.Model().eval()",
      "xs = [torch.randn(1, *s) for s in m.INPUT_SHAPES]",
      "y = model(*xs)",
      "print(json.dumps({'params': sum(p.numel() for p in model.parameters()), 'out': list(y.shape)}))",
    ].join("\n");
    const out = JSON.parse(
      execFileSync("python3", ["-c", script, file], { encoding: "utf8", timeout: 120_000 })
        .trim()
        .split("\n")
        .pop()!,
    );
    expect(out.params).toBe(shown);
    expect(out.out).toEqual([1, 1, 128, 128]);
  });

  test("a skip connection from the wrong encoder level makes Concat flash red, the right one clears it", async ({
    page,
  }) => {
    await openFreshPlayground(page);
    const ids = await buildSmallUNet(page, "pool");
    const cat = nodeBox(page, ids.cat);
    await expect(cat).toHaveAttribute("data-severity", "error");
    await expect(cat).toHaveClass(/lw-flash-error/);
    await cat.hover();
    const tip = page.locator(`[role="tooltip"][data-tooltip-for="${ids.cat}"]`);
    await expect(tip).toBeVisible();
    await expect(tip).toContainText(/64/);
    await expect(tip).toContainText("Fix:");
    await expect(page.getByTestId("problem").filter({ hasText: ids.cat }).first()).toHaveAttribute(
      "data-severity",
      "error",
    );
    // Problems panel focuses the node.
    await page.getByTestId("problem").filter({ hasText: ids.cat }).first().click();
    await expect(page.locator(`.react-flow__node.selected[data-id="${ids.cat}"]`)).toHaveCount(1);

    // Rewire port 1 from the encoder level of the same size: the error clears.
    await fit(page);
    await connectNodes(page, ids.relu1, ids.cat, 1);
    await expect(cat).toHaveAttribute("data-severity", "ok");
    await expect(cat).not.toHaveClass(/lw-flash-error/);
    await expect(cat).toHaveAttribute("data-shape", "32 × 128 × 128");
    await expect(page.getByTestId("error-count")).toHaveAttribute("data-value", "0");
  });
});
