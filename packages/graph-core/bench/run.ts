/**
 * graph-core benchmark: `npm run bench -w packages/graph-core [-- --json]`.
 *
 * Times, for chain-like and U-Net-like graphs of 100 / 1,000 / 5,000 / 10,000 nodes and for two
 * imported-model-sized graphs (a ~3,300-node pre-activation ResNet, a ~3,000-node transformer,
 * and every document committed under `bench/models/`, e.g. written by `graph-core import`):
 * full analysis, the incremental update after one local param change (a layer's width; a BatchNorm's
 * eps, which changes no result), visual encoding, both layouts and codegen. Each 10,000-node row also prints its
 * growth over the 1,000-node row (10× the nodes: linear cost grows ~10×). Then PyTorch's own shape
 * propagation (a forward pass on the `meta` device, timed inside python) for U-Net, VGG16 and
 * ResNet-18 against graph-core's full analysis of the same model. Prints numbers, asserts nothing.
 * With --json: one JSON object per line, `{name, nodes, median_ms, p95_ms}` per measurement,
 * `{name: "growth", measurement, from, to, ratio}` per 10,000-node row and
 * `{name: "torch-meta-ratio", model, ratio}` per model.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../src/analysis/analyze";
import { generatePyTorch } from "../src/codegen/generate-pytorch";
import { parseModelFlow } from "../src/graph/parse-model-flow";
import type { TModelFlow } from "../src/graph/types";
import { getLayerDef } from "../src/layers/registry";
import { layoutModel } from "../src/layout/layout-model";
import { loadTemplate, type TTemplateId } from "../src/templates";
import { encodeVisuals } from "../src/visual/visual-encoding";
import { chainGraph, deepResNetGraph, deepTransformerGraph, unetGraph } from "./graphs";
import { incrementalStep, setDocStep, shapelessStep } from "./incremental";

const JSON_OUT = process.argv.includes("--json");
const SIZES = [100, 1000, 5000, 10000];
/** Growth is reported for the largest size over this one. */
const GROWTH_FROM = 1000;
const GROWTH_TO = 10000;

interface TStats {
  median_ms: number;
  p95_ms: number;
  /** Median CPU time of this process per run: on a shared machine it leaves out the time other
   * processes held the CPU, which the wall-clock figures include. */
  cpu_ms?: number;
}

/**
 * Runs `fn` repeatedly for about `budgetMs` (at least `minRuns` times) after a warm-up long
 * enough for the JIT to settle (100 ms, at least 3 runs), so one-off compilation does not land in
 * the numbers.
 */
function measure(fn: () => unknown, budgetMs = 500, minRuns = 15): TStats {
  const warmStart = performance.now();
  // At least 3 runs, then until 100 ms: many runs of a fast function, a few of a slow one.
  for (let i = 0; i < 3 || (performance.now() - warmStart < 100 && i < 2000); i++) fn();
  const times: number[] = [];
  const cpu: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < budgetMs && times.length < 5000)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const at = (list: number[], q: number) => {
    list.sort((a, b) => a - b);
    return list[Math.min(list.length - 1, Math.floor(q * list.length))]!;
  };
  return { median_ms: at(times, 0.5), p95_ms: at(times, 0.95), cpu_ms: at(cpu, 0.5) };
}

/** The GROWTH_FROM rows' figures, by measurement name. */
const baseline = new Map<string, TStats>();

function report(name: string, nodes: number, s: TStats): void {
  if (nodes === GROWTH_FROM) baseline.set(name, s);
  const from = nodes === GROWTH_TO ? baseline.get(name) : undefined;
  const growth = from === undefined ? undefined : s.median_ms / from.median_ms;
  const cpuGrowth =
    from?.cpu_ms === undefined || s.cpu_ms === undefined ? undefined : s.cpu_ms / from.cpu_ms;
  if (JSON_OUT) {
    const cpu = s.cpu_ms === undefined ? {} : { cpu_ms: round(s.cpu_ms) };
    console.log(
      JSON.stringify({
        name,
        nodes,
        median_ms: round(s.median_ms),
        p95_ms: round(s.p95_ms),
        ...cpu,
      }),
    );
    if (growth !== undefined)
      console.log(
        JSON.stringify({
          name: "growth",
          measurement: name,
          from: GROWTH_FROM,
          to: GROWTH_TO,
          ratio: Math.round(growth * 10) / 10,
          ...(cpuGrowth === undefined ? {} : { cpu_ratio: Math.round(cpuGrowth * 10) / 10 }),
        }),
      );
  } else {
    const cpu = s.cpu_ms === undefined ? "" : `   cpu ${fmt(s.cpu_ms)}`;
    const tail =
      growth === undefined
        ? ""
        : `   ×${growth.toFixed(1)}${cpuGrowth === undefined ? "" : ` (cpu ×${cpuGrowth.toFixed(1)})`} vs 1,000 nodes`;
    console.log(
      `${name.padEnd(30)} ${String(nodes).padStart(6)} nodes   median ${fmt(s.median_ms)}   p95 ${fmt(s.p95_ms)}${cpu}${tail}`,
    );
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function fmt(ms: number): string {
  return `${ms < 1 ? ms.toFixed(4) : ms.toFixed(2)} ms`.padStart(12);
}

function benchGraph(kind: string, doc: TModelFlow): void {
  const n = doc.nodes.length;
  report(
    `${kind}/analyze`,
    n,
    measure(() => analyze(doc)),
  );
  const step = incrementalStep(doc);
  if (step) report(`${kind}/incremental`, n, measure(step));
  const viaDoc = setDocStep(doc);
  if (viaDoc) report(`${kind}/incremental-setdoc`, n, measure(viaDoc));
  const shapeless = shapelessStep(doc);
  if (shapeless) report(`${kind}/incremental-no-shape`, n, measure(shapeless));
  const analysis = analyze(doc);
  const visuals = encodeVisuals(doc, analysis, { lookup: getLayerDef });
  report(
    `${kind}/visual`,
    n,
    measure(() => encodeVisuals(doc, analysis, { lookup: getLayerDef })),
  );
  report(
    `${kind}/layout-simple`,
    n,
    measure(() => layoutModel(doc, analysis, { mode: "simple", visuals })),
  );
  report(
    `${kind}/layout-unet`,
    n,
    measure(() => layoutModel(doc, analysis, { mode: "unet", visuals })),
  );
  report(
    `${kind}/codegen`,
    n,
    measure(() => generatePyTorch(doc, analysis, { lookup: getLayerDef })),
  );
}

/** Model-flow documents written by `graph-core import` and committed under `bench/models/`. */
function importedModels(): [string, TModelFlow][] {
  const dir = join(import.meta.dirname, "models");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f): [string, TModelFlow][] => {
      const parsed = parseModelFlow(JSON.parse(readFileSync(join(dir, f), "utf8")));
      if (parsed.ok) return [[f.replace(/\.json$/, ""), parsed.doc]];
      console.error(`bench/models/${f} skipped: ${parsed.errors[0]?.message ?? "not a model"}`);
      return [];
    });
}

function benchTorch(): void {
  const models: [string, TTemplateId][] = [
    ["U-Net", "unet"],
    ["VGG16", "vgg16"],
    ["ResNet-18", "resnet18"],
  ];
  const dir = mkdtempSync(join(tmpdir(), "graph-core-bench-"));
  const files = models.map(([, id]) => {
    const doc = loadTemplate(id);
    const file = join(dir, `${id.replace(/-/g, "_")}.py`);
    writeFileSync(file, generatePyTorch(doc, analyze(doc), { lookup: getLayerDef }));
    return file;
  });
  let out: string;
  try {
    out = execFileSync("python3", [join(import.meta.dirname, "torch_meta.py"), "50", ...files], {
      encoding: "utf8",
    });
  } catch (error) {
    console.error(`torch comparison skipped: ${(error as Error).message.split("\n")[0]}`);
    return;
  }
  const torch = out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { median_ms: number; p95_ms: number });
  models.forEach(([label, id], i) => {
    const doc = loadTemplate(id);
    const ours = measure(() => analyze(doc));
    const theirs = torch[i]!;
    report(`torch-meta/${label}`, doc.nodes.length, theirs);
    report(`graph-core/${label}`, doc.nodes.length, ours);
    const ratio = theirs.median_ms / ours.median_ms;
    if (JSON_OUT)
      console.log(
        JSON.stringify({
          name: "torch-meta-ratio",
          model: label,
          ratio: Math.round(ratio * 10) / 10,
        }),
      );
    else
      console.log(
        `${"ratio torch-meta / graph-core".padEnd(28)} ${label.padStart(12)}   ${ratio.toFixed(1)}x faster`,
      );
  });
}

for (const n of SIZES) benchGraph("chain", chainGraph(n));
for (const n of SIZES) benchGraph("unet", unetGraph(n));
// Imported-model sized: what the PyTorch importer produces for very deep networks.
benchGraph("deep-resnet", deepResNetGraph());
benchGraph("deep-transformer", deepTransformerGraph());
for (const [name, doc] of importedModels()) benchGraph(`imported/${name}`, doc);
benchTorch();
