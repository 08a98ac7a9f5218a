/* global document, Event, HTMLInputElement, requestAnimationFrame, requestIdleCallback -- page.evaluate bodies run in the browser */
// Profiling aid (not part of `npm run bench`): CPU profile and trace summary of the editor at
// BENCH_SIZE layers while editing and while panning, from a production build already started on
// BENCH_PORT. `node bench/profile-editor.mjs [edit|pan] [editor|bare]`.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { SourceMapConsumer } from "source-map-js";
import { openBareCanvas, openSyntheticModel, selectMiddleConv } from "./synthetic-model.mjs";

const N = Number(process.env.BENCH_SIZE ?? 1000);
const PORT = Number(process.env.BENCH_PORT ?? 3353);
const [what = "edit", target = "editor"] = process.argv.slice(2);
/** Edits profiled (pan: one 90-move drag, reported per move). */
const STEPS = what === "edit" ? Number(process.env.PROFILE_EDITS ?? 10) : 90;
const OUT = process.env.PROFILE_OUT ?? mkdtempSync(join(tmpdir(), "lw-prof-"));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
if (target === "editor") {
  await openSyntheticModel(page, { port: PORT, n: N, dir: OUT });
  // Without the re-layout that follows each edit: the profile shows the edit's own frame.
  if (process.env.PROFILE_AUTO_ALIGN === "0") await page.getByLabel("Auto-align").uncheck();
} else {
  await openBareCanvas(page, { port: PORT, n: N });
}
// PROFILE_CSS: a style sheet added before profiling, for A/B experiments ("hide X", "contain Y")
// without a rebuild; compare the per-edit frame phases printed at the end.
if (process.env.PROFILE_CSS) await page.addStyleTag({ content: process.env.PROFILE_CSS });
await page.waitForTimeout(1500);
if (target === "editor") await selectMiddleConv(page, N);
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
const events = [];
cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
await cdp.send("Tracing.start", {
  categories:
    process.env.PROFILE_CATEGORIES ??
    "devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,viz,benchmark",
  transferMode: "ReportEvents",
});
// PROFILE_JS=0: the trace alone (the JS sampler's own cost stays out of the CPU figure).
const withJs = process.env.PROFILE_JS !== "0";
if (withJs) await cdp.send("Profiler.start");
const t0 = Date.now();
if (what === "edit") {
  const input = target === "editor" ? "#param-out_channels" : "#bench-width";
  const values = target === "editor" ? [256, 16] : [220, 150];
  for (let i = 0; i < STEPS; i++) {
    await page.evaluate(
      ({ input, value }) =>
        new Promise((idle) => requestIdleCallback(idle, { timeout: 2000 })).then(() => {
          const field = document.querySelector(input);
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
          setter.call(field, String(value));
          field.dispatchEvent(new Event("input", { bubbles: true }));
          return new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        }),
      { input, value: values[i % 2] },
    );
  }
} else {
  // From an empty spot of the pane (as the bench): a drag from a handle would draw a connection.
  const { x: cx, y: cy } = await page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane");
    const r = pane.getBoundingClientRect();
    for (let d = 0; d < r.width / 2; d += 8)
      for (let k = 0; k < 16; k++) {
        const x = r.x + r.width / 2 + Math.cos((k * Math.PI) / 8) * d;
        const y = r.y + r.height / 2 + Math.sin((k * Math.PI) / 8) * d;
        if (document.elementFromPoint(x, y) === pane) return { x, y };
      }
    throw new Error("no empty spot on the pane");
  });
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 90; i++)
    await page.mouse.move(cx + Math.sin(i / 10) * 300, cy + Math.cos(i / 14) * 150);
  await page.mouse.up();
}
const wall = Date.now() - t0;
const { profile } = withJs
  ? await cdp.send("Profiler.stop")
  : { profile: { nodes: [], samples: [], timeDeltas: [] } };
const done = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
await cdp.send("Tracing.end");
await done;
writeFileSync(join(OUT, `${what}-${target}.cpuprofile`), JSON.stringify(profile));
writeFileSync(join(OUT, `${what}-${target}.trace.json`), JSON.stringify(events));

// Self and inclusive time per function, top 30. PROFILE_ROOT=dispatchEvent keeps only the samples
// inside the edit's input event (what "edit → DOM" times), leaving out idle saves and re-layouts.
const self = new Map();
const inclusive = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const ROOT = process.env.PROFILE_ROOT;
const dt = profile.timeDeltas;
// With a build made with NEXT_SOURCEMAPS=1 the functions get their source names and files.
const maps = new Map();
for (const url of new Set(profile.nodes.map((n) => n.callFrame.url)))
  if (url.startsWith("http"))
    maps.set(
      url,
      await fetch(url)
        .then((r) => r.text())
        .then((js) => /sourceMappingURL=(\S+)\s*$/.exec(js)?.[1])
        .then((name) =>
          name ? fetch(new URL(name, url)).then((r) => (r.ok ? r.json() : null)) : null,
        )
        .then((m) => (m ? new SourceMapConsumer(m) : null))
        .catch(() => null),
    );
const keyOf = (f) => {
  const map = maps.get(f.url);
  const at = map?.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
  if (at?.source)
    return `${at.name ?? f.functionName ?? "(anon)"} ${at.source.replace(/^.*node_modules\//, "").replace(/^.*\/(apps|packages)\//, "")}:${at.line}`;
  return `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
};
profile.samples.forEach((id, i) => {
  const stack = [];
  for (let n = byId.get(id); n; n = byId.get(parentOf.get(n.id))) stack.push(n);
  if (ROOT && !stack.some((n) => n.callFrame.functionName === ROOT)) return;
  const ms = (dt[i + 1] ?? 0) / 1000;
  const key = keyOf(stack[0].callFrame);
  self.set(key, (self.get(key) ?? 0) + ms);
  for (const k of new Set(stack.map((n) => keyOf(n.callFrame))))
    inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
});
console.log(`${what} ${target} n=${N} wall ${wall} ms`);
console.log(`-- CPU self time (ms), top 30${ROOT ? ` (inside ${ROOT})` : ""}`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(v.toFixed(1).padStart(8), k);
console.log("-- CPU inclusive time (ms), top 30");
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(v.toFixed(1).padStart(8), k);
// Trace: main-thread time by event name (complete events on the renderer main thread).
const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
const sums = new Map();
// CPU time of the main thread (trace `tdur`: thread time, not wall time), robust to a busy machine.
let cpu = 0;
for (const e of events) {
  if (main && e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.name === "RunTask")
    cpu += (e.tdur ?? 0) / 1000;
  if (e.ph !== "X" || !e.dur) continue;
  if (main && (e.pid !== main.pid || e.tid !== main.tid)) continue;
  sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur / 1000);
}
console.log(
  `main-thread CPU in tasks: ${cpu.toFixed(1)} ms (${(cpu / STEPS).toFixed(1)} per step)`,
);
console.log("-- main thread by trace event (ms, inclusive), top 20");
for (const [k, v] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(v.toFixed(1).padStart(8), k);
// Per edit: its input event and the frame after it, by lifecycle phase (thread time, so a busy
// machine inflates it less than wall time). Needs the `cc` category (ProxyMain::BeginMainFrame).
if (what === "edit" && main) {
  const own = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X")
    .sort((a, b) => a.ts - b.ts);
  const frameStarts = own.filter((e) => e.name === "ProxyMain::BeginMainFrame");
  const PHASES = [
    "ProxyMain::BeginMainFrame",
    "LocalFrameView::UpdateStyleAndLayout",
    "LocalFrameView::NotifyResizeObservers",
    "LocalFrameView::RunPaintLifecyclePhase",
    "Paint",
    "Layerize",
  ];
  const phase = new Map();
  let counted = 0;
  let input = 0;
  for (const e of own.filter((x) => x.name === "EventDispatch" && x.args?.data?.type === "input")) {
    const frame = frameStarts.find((f) => f.ts > e.ts);
    if (!frame) continue;
    counted += 1;
    input += (e.tdur ?? e.dur) / 1000;
    for (const x of own)
      if (x.ts >= frame.ts && x.ts + x.dur <= frame.ts + frame.dur && PHASES.includes(x.name))
        phase.set(x.name, (phase.get(x.name) ?? 0) + (x.tdur ?? x.dur) / 1000);
  }
  if (counted) {
    console.log(
      `-- per edit (ms of thread time, ${counted} edits): the input event, then its frame`,
    );
    console.log(`${(input / counted).toFixed(2).padStart(8)} input event (the edit's JavaScript)`);
    for (const name of PHASES)
      console.log(`${((phase.get(name) ?? 0) / counted).toFixed(2).padStart(8)} ${name}`);
  }
}
const frames = events.filter((e) => e.name === "DrawFrame" || e.name === "BeginFrame").length;
console.log(`frames (DrawFrame/BeginFrame events): ${frames}; files in ${OUT}`);
await browser.close();
