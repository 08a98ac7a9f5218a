/* global document, window, localStorage, requestAnimationFrame, MutationObserver, MouseEvent, Event, HTMLInputElement -- page.evaluate bodies run in the browser */
// `npm run bench -w apps/web`: the editor's interactive speed in a production build, in headless
// Chromium. For 50, 300 and 1,000 nodes it prints
//   - edit → DOM: time from a parameter change in the inspector to the node's new size committed
//     to the DOM, and edit → frame: to the next animation frame after it (what the user sees);
//   - pan: frame times while dragging the canvas.
// Median and p95 over the samples. `--json` prints one JSON line per size. Numbers, no asserts.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { syntheticModel } from "./synthetic-model.mjs";

const WEB = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = join(WEB, "..", "..");
const JSON_OUT = process.argv.includes("--json");
const SIZES = (process.env.BENCH_SIZES ?? "50,300,1000").split(",").map(Number);
const EDITS = Number(process.env.BENCH_EDITS ?? 30);
const PORT = Number(process.env.BENCH_PORT ?? 3330);
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const NEXT_BIN = join(ROOT, "node_modules", "next", "dist", "bin", "next");

function log(...args) {
  if (!JSON_OUT) console.log(...args);
}

function loadDotEnv() {
  const file = join(ROOT, ".env");
  const env = {};
  if (!existsSync(file)) return env;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^"|"$/g, "");
  }
  return env;
}

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: WEB, env, stdio: JSON_OUT ? "ignore" : "inherit" });
    p.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited ${code}`)),
    );
  });
}

async function waitForServer(url, server) {
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer in 120 s`);
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: round(q(0.5)), p95: round(q(0.95)), n: s.length };
}
const round = (x) => Math.round(x * 100) / 100;

async function measureEdits(page, nodeId) {
  await page.locator(`.react-flow__node[data-id="${nodeId}"]`).waitFor({ state: "attached" });
  await page.evaluate(
    (id) =>
      document
        .querySelector(`.react-flow__node[data-id="${id}"]`)
        .dispatchEvent(new MouseEvent("click", { bubbles: true })),
    nodeId,
  );
  await page.locator("#param-out_channels").waitFor();
  const dom = [];
  const frame = [];
  for (let i = 0; i < EDITS; i++) {
    const value = i % 2 === 0 ? 256 : 16;
    const r = await page.evaluate(
      ({ id, value }) =>
        new Promise((resolve) => {
          const box = document.querySelector(`[data-testid="layer-node"][data-node-id="${id}"]`);
          const input = document.querySelector("#param-out_channels");
          const before = box.style.width;
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
          const obs = new MutationObserver(() => {
            if (box.style.width === before) return;
            const tDom = performance.now() - t0;
            obs.disconnect();
            requestAnimationFrame(() => resolve({ dom: tDom, frame: performance.now() - t0 }));
          });
          obs.observe(box, { attributes: true, attributeFilter: ["style"] });
          const t0 = performance.now();
          setter.call(input, String(value));
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      { id: `bn_${Math.floor(nodeId.split("_")[1])}`, value },
    );
    dom.push(r.dom);
    frame.push(r.frame);
  }
  return { dom: stats(dom), frame: stats(frame) };
}

async function measurePan(page) {
  const pane = await page.locator(".react-flow__pane").boundingBox();
  await page.evaluate(() => {
    const w = window;
    w.__frames = [];
    let last = performance.now();
    const tick = (t) => {
      w.__frames.push(t - last);
      last = t;
      if (w.__panning) requestAnimationFrame(tick);
    };
    w.__panning = true;
    requestAnimationFrame(tick);
  });
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 90; i++)
    await page.mouse.move(cx + Math.sin(i / 10) * 300, cy + Math.cos(i / 14) * 150);
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    window.__panning = false;
    return window.__frames.slice(2);
  });
  return { ...stats(frames), over20ms: frames.filter((f) => f > 20).length };
}

async function main() {
  const env = {
    ...process.env,
    ...loadDotEnv(),
    NEXT_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!existsSync(join(WEB, DIST, "BUILD_ID")) || process.argv.includes("--build")) {
    log(`building apps/web into ${DIST} …`);
    await run(process.execPath, [NEXT_BIN, "build"], env);
  }
  const server = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(PORT)], {
    cwd: WEB,
    env: { ...env, NODE_ENV: "production" },
    stdio: "ignore",
  });
  const dir = mkdtempSync(join(tmpdir(), "layerwise-bench-"));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/playground`, server);
    log(
      `nodes  edit→DOM median/p95 ms  edit→frame median/p95 ms  pan frame median/p95 ms (frames >20 ms)`,
    );
    for (const n of SIZES) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`http://127.0.0.1:${PORT}/playground`);
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      const file = join(dir, `bench-${n}.json`);
      writeFileSync(file, JSON.stringify(syntheticModel(n)));
      await page.getByTestId("import-file").setInputFiles(file);
      await page.locator(`[data-testid="layer-node"][data-node-id="conv_0"]`).waitFor();
      await page.locator('[data-testid="status-bar"]').getByText(`${n} nodes`).waitFor();
      if (process.env.BENCH_AUTO_ALIGN === "0") await page.getByLabel("Auto-align").uncheck();
      // Edit a conv in the middle: its BatchNorm downstream changes width on screen.
      const stage = Math.floor((n - 1) / 3 / 2);
      const edit = await measureEdits(page, `conv_${stage}`);
      const pan = await measurePan(page);
      const row = { nodes: n, editToDom: edit.dom, editToFrame: edit.frame, pan };
      if (JSON_OUT) console.log(JSON.stringify({ bench: "editor", ...row }));
      else
        log(
          `${String(n).padStart(5)}  ${`${edit.dom.median} / ${edit.dom.p95}`.padEnd(24)}  ${`${edit.frame.median} / ${edit.frame.p95}`.padEnd(24)}  ${pan.median} / ${pan.p95} (${pan.over20ms} of ${pan.n})`,
        );
      await page.close();
    }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
