/* global document, window, requestAnimationFrame, requestIdleCallback, MutationObserver, MessageChannel, Event, HTMLInputElement -- page.evaluate bodies run in the browser */
// `npm run bench -w apps/web`: the editor's interactive speed in a production build, in headless
// Chromium. For 50, 300 and 1,000 nodes it prints
//   - edit → DOM: time from a parameter change in the inspector to the node's new size committed
//     to the DOM, and edit → frame: until the frame that shows it is rendered (style, layout,
//     ResizeObserver callbacks, paint: what the user waits for), each edit started at the
//     beginning of a frame;
//   - pan: frame times while dragging the canvas;
// and, in the same run, the same figures for a bare React Flow canvas with as many default nodes
// and edges (app/bench/bare-react-flow) whose edit resizes as many boxes, with the editor's ratio
// to them (target: within 1.5×). The two canvases are open side by side and take turns, edit by
// edit. Median and p95 over the samples. `--json` prints one JSON line per size. Numbers, no
// asserts.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { openBareCanvas, openSyntheticModel, selectMiddleConv } from "./synthetic-model.mjs";

const WEB = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = join(WEB, "..", "..");
const JSON_OUT = process.argv.includes("--json");
const SIZES = (process.env.BENCH_SIZES ?? "50,300,1000").split(",").map(Number);
const EDITS = Number(process.env.BENCH_EDITS ?? 60);
const PORT = Number(process.env.BENCH_PORT ?? 3330);
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const VIEWPORT = { width: 1600, height: 1000 };
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

/**
 * Times one edit, from a quiet page (after an idle callback, so the previous edit's work is done)
 * and at the start of a frame (in an animation frame callback), so that the editor and the bare
 * canvas start every edit at the same point of the 60 Hz cycle. It sets `input` (a controlled
 * React input) to `value` and waits for the width of `box` to change (edit → DOM), then for the
 * frame that shows it to be rendered (edit → frame: the frame's task — the edit, style, layout,
 * ResizeObserver callbacks, paint — is over when a message posted just before the edit is
 * handled, ahead of any task the edit queued, such as work React deferred; a change committed
 * in a later task waits for the next frame). With `moved` (a node the automatic re-layout
 * shifts), also until that node has moved and its frame came (edit → laid out; null when it did
 * not move within 3 s).
 */
function timeEdit(page, { box, input, moved }, value) {
  return page.evaluate(
    ({ box, input, value, moved }) =>
      new Promise((idle) => requestIdleCallback(idle, { timeout: 2000 })).then(
        () =>
          new Promise((resolve) => {
            const el = document.querySelector(box);
            const field = document.querySelector(input);
            const mover = moved ? document.querySelector(moved) : null;
            const before = el.style.width;
            const at = mover?.style.transform;
            const times = { dom: 0, frame: 0, laidOut: null };
            let pending = mover ? 2 : 1;
            let t0 = 0;
            let frameTaskOver = false;
            let changed = false;
            const done = () => (--pending === 0 ? resolve(times) : undefined);
            const afterTask = (fn) => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => fn();
              channel.port2.postMessage(0);
            };
            const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
            const obs = new MutationObserver(() => {
              if (el.style.width === before) return;
              times.dom = performance.now() - t0;
              changed = true;
              obs.disconnect();
              // Changed inside the frame's own task: that frame renders it, and the message posted
              // before the edit marks its end. Changed in a later task: the next frame shows it.
              if (frameTaskOver)
                requestAnimationFrame(() =>
                  afterTask(() => {
                    times.frame = performance.now() - t0;
                    done();
                  }),
                );
            });
            obs.observe(el, { attributes: true, attributeFilter: ["style"] });
            if (mover) {
              const give = setTimeout(() => (moveObs.disconnect(), done()), 3000);
              const moveObs = new MutationObserver(() => {
                if (mover.style.transform === at) return;
                moveObs.disconnect();
                clearTimeout(give);
                requestAnimationFrame(() => {
                  times.laidOut = performance.now() - t0;
                  done();
                });
              });
              moveObs.observe(mover, { attributes: true, attributeFilter: ["style"] });
            }
            requestAnimationFrame(() => {
              t0 = performance.now();
              // Posted before the edit: it runs when the frame's task (the edit, then style,
              // layout, ResizeObserver callbacks, paint) is over, before any task the edit queued.
              afterTask(() => {
                frameTaskOver = true;
                if (changed) {
                  times.frame = performance.now() - t0;
                  done();
                }
              });
              setter.call(field, String(value));
              field.dispatchEvent(new Event("input", { bubbles: true }));
            });
          }),
      ),
    { box, input, value, moved },
  );
}

/**
 * `EDITS` edits on each canvas, taking turns edit by edit: the shared machine's load comes and
 * goes within seconds, and both canvases see the same.
 */
async function measureEdits(canvases) {
  const samples = canvases.map(() => ({ dom: [], frame: [], laidOut: [] }));
  for (const c of canvases) {
    await c.page.locator(c.box).waitFor({ state: "attached" });
    await c.page.locator(c.input).waitFor();
  }
  for (let i = 0; i < EDITS; i++)
    for (const [k, c] of canvases.entries()) {
      // The other page's leftover work (a save, a re-layout) must not land in this edit.
      for (const other of canvases)
        if (other !== c)
          await other.page.evaluate(
            () => new Promise((idle) => requestIdleCallback(idle, { timeout: 2000 })),
          );
      const r = await timeEdit(c.page, c, c.values[i % c.values.length]);
      samples[k].dom.push(r.dom);
      samples[k].frame.push(r.frame);
      if (r.laidOut !== null) samples[k].laidOut.push(r.laidOut);
    }
  return samples.map((s) => ({
    dom: stats(s.dom),
    frame: stats(s.frame),
    laidOut: s.laidOut.length ? stats(s.laidOut) : null,
  }));
}

/** The editor with the synthetic model of `n` layers: a conv's out_channels edits resize its BatchNorm. */
async function openEditor(browser, n, dir) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await openSyntheticModel(page, { port: PORT, n, dir });
  await page.locator(`[data-testid="layer-node"][data-node-id="conv_0"]`).waitFor();
  if (process.env.BENCH_AUTO_ALIGN === "0") await page.getByLabel("Auto-align").uncheck();
  // Edit a conv in the middle: its BatchNorm downstream changes width on screen.
  const stage = await selectMiddleConv(page, n);
  return {
    page,
    box: `[data-testid="layer-node"][data-node-id="bn_${stage}"]`,
    input: "#param-out_channels",
    values: [256, 16],
    // The next stage shifts when the BatchNorm's width changes and the model is re-laid out.
    moved: `.react-flow__node[data-id="conv_${stage + 1}"]`,
  };
}

/** The baseline: bare React Flow with `n` default nodes and `n - 1` edges, RESIZED of them edited. */
async function openBare(browser, n) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await openBareCanvas(page, { port: PORT, n });
  return {
    page,
    box: `.react-flow__node[data-id="n_${Math.floor(n / 2)}"]`,
    input: "#bench-width",
    values: [220, 150],
  };
}

/** Both canvases at `n` layers, open side by side: edits taking turns, then a pan of each. */
async function benchSize(browser, n, dir) {
  const editor = await openEditor(browser, n, dir);
  const bare = await openBare(browser, n);
  try {
    const [e, b] = await measureEdits([editor, bare]);
    return {
      editor: {
        editToDom: e.dom,
        editToFrame: e.frame,
        editToLaidOut: e.laidOut,
        pan: await measurePan(editor.page),
      },
      bare: { editToDom: b.dom, editToFrame: b.frame, pan: await measurePan(bare.page) },
    };
  } finally {
    await editor.page.close();
    await bare.page.close();
  }
}

const ratio = (a, b) => (b > 0 ? round(a / b) : null);

/** Editor ÷ bare for each figure (target: ≤ 1.5). */
function ratios(editor, bare) {
  const of = (k) => ({
    median: ratio(editor[k].median, bare[k].median),
    p95: ratio(editor[k].p95, bare[k].p95),
  });
  return { editToDom: of("editToDom"), editToFrame: of("editToFrame"), pan: of("pan") };
}

function printRows(n, editor, bare, r) {
  const cell = (s) => `${s.median} / ${s.p95}`.padEnd(16);
  const rows = [
    ["edit → DOM", editor.editToDom, bare.editToDom, r.editToDom],
    ["edit → frame", editor.editToFrame, bare.editToFrame, r.editToFrame],
    ["pan frame", editor.pan, bare.pan, r.pan],
  ];
  rows.forEach(([name, e, b, q], i) => {
    const extra =
      name === "pan frame"
        ? `  frames > 20 ms: ${e.over20ms} of ${e.n} / ${b.over20ms} of ${b.n}`
        : "";
    log(
      `${(i === 0 ? String(n) : "").padStart(5)}  ${name.padEnd(13)} ${cell(e)} ${cell(b)} ${cell(q)}${extra}`,
    );
  });
  if (editor.editToLaidOut)
    log(
      `       edit → laid out ${cell(editor.editToLaidOut)} (the re-layout's frame; bare RF has none)`,
    );
}

/**
 * A point of the pane with nothing on it, nearest its centre: a drag that starts on a node, a
 * handle or an edge is a node drag, a new connection or an edge click, not a pan.
 */
async function emptyPanePoint(page) {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane");
    const r = pane.getBoundingClientRect();
    const cx = r.x + r.width / 2;
    const cy = r.y + r.height / 2;
    for (let d = 0; d < Math.max(r.width, r.height) / 2; d += 8)
      for (let k = 0; k < 16; k++) {
        const x = cx + Math.cos((k * Math.PI) / 8) * d;
        const y = cy + Math.sin((k * Math.PI) / 8) * d;
        if (document.elementFromPoint(x, y) === pane) return { x, y };
      }
    throw new Error("no empty spot on the pane to pan from");
  });
}

async function measurePan(page) {
  const { x: cx, y: cy } = await emptyPanePoint(page);
  const viewport = () =>
    page.evaluate(() => document.querySelector(".react-flow__viewport").style.transform);
  const before = await viewport();
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
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 90; i++)
    await page.mouse.move(cx + Math.sin(i / 10) * 300, cy + Math.cos(i / 14) * 150);
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    window.__panning = false;
    return window.__frames.slice(2);
  });
  // Frame times of a drag that did not pan would time an idle canvas.
  if ((await viewport()) === before) throw new Error("the drag did not pan the canvas");
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
      `nodes  figure (ms)   editor med/p95   bare RF med/p95  ratio med/p95 (target ≤ 1.5; edit → frame at 300 < 16 ms)`,
    );
    for (const n of SIZES) {
      const { editor, bare } = await benchSize(browser, n, dir);
      const r = ratios(editor, bare);
      if (JSON_OUT)
        console.log(JSON.stringify({ bench: "editor", nodes: n, editor, bare, ratio: r }));
      else printRows(n, editor, bare, r);
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
