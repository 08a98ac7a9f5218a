/* global localStorage, document, MouseEvent -- page.evaluate bodies run in the browser */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

// A valid model of exactly `n` nodes for benchmarks: Input, then conv → BatchNorm → ReLU stages
// (every fourth stage halves the size with MaxPool until 8×8), padded with Dropout. No Output
// node: the graph-level `no-output` warning is the only diagnostic.

/** @param {number} n @returns {{format: string, version: number, name: string, nodes: object[], edges: object[]}} */
export function syntheticModel(n) {
  const nodes = [{ id: "input", type: "Input", params: { shape: [3, 256, 256] } }];
  const edges = [];
  let prev = "input";
  let size = 256;
  let stage = 0;
  const push = (node) => {
    nodes.push(node);
    edges.push({ source: prev, target: node.id });
    prev = node.id;
  };
  while (nodes.length < n) {
    const left = n - nodes.length;
    if (left >= 3) {
      push({
        id: `conv_${stage}`,
        type: "Conv2d",
        params: { out_channels: 32 + (stage % 4) * 16, kernel_size: 3, padding: 1, bias: false },
      });
      push({ id: `bn_${stage}`, type: "BatchNorm2d", params: {} });
      push({ id: `relu_${stage}`, type: "ReLU", params: {} });
      if (stage % 4 === 3 && size > 8 && n - nodes.length >= 1) {
        push({ id: `pool_${stage}`, type: "MaxPool2d", params: { kernel_size: 2 } });
        size /= 2;
      }
      stage += 1;
    } else {
      push({ id: `pad_${nodes.length}`, type: "Dropout", params: {} });
    }
  }
  return { format: "layerwise.model-flow", version: 1, name: `bench-${n}`, nodes, edges };
}

/**
 * Opens the playground of the server on `port` in `page`, from empty local storage, and imports
 * the synthetic model of `n` nodes (written to `dir`); resolves once the status bar counts them.
 */
export async function openSyntheticModel(page, { port, n, dir }) {
  await page.goto(`http://127.0.0.1:${port}/playground`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const file = join(dir, `bench-${n}.json`);
  writeFileSync(file, JSON.stringify(syntheticModel(n)));
  await page.getByTestId("import-file").setInputFiles(file);
  await page.locator('[data-testid="status-bar"]').getByText(`${n} nodes`).waitFor();
}

/**
 * Boxes one edit resizes. The editor's edit (a conv's out_channels) changes the width of three:
 * the conv, its BatchNorm and its ReLU, whose channels follow it. The baseline's edit resizes as
 * many consecutive nodes, so both canvases show the same change on screen.
 */
export const RESIZED = 3;

/**
 * Selects the conv the benchmarks edit, one in the middle of the synthetic model of `n` nodes
 * (a click event: the node may be outside the viewport). Returns its stage number.
 */
export async function selectMiddleConv(page, n) {
  const stage = Math.floor((n - 1) / 3 / 2);
  const conv = `.react-flow__node[data-id="conv_${stage}"]`;
  await page.locator(conv).waitFor({ state: "attached" });
  await page.evaluate(
    (sel) => document.querySelector(sel).dispatchEvent(new MouseEvent("click", { bubbles: true })),
    conv,
  );
  return stage;
}

/** Opens the baseline, bare React Flow with `n` nodes whose edit resizes RESIZED of them. */
export async function openBareCanvas(page, { port, n }) {
  await page.goto(`http://127.0.0.1:${port}/bench/bare-react-flow?n=${n}&resize=${RESIZED}`);
  await page
    .locator(".react-flow__node")
    .nth(n - 1)
    .waitFor({ state: "attached" });
}
