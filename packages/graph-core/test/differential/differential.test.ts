/**
 * The differential test: graph-core's `analyze` against torch 2.13 on 3,000 random model-flow
 * documents (single layers, chains, skip/merge graphs and real architectures — U-Net levels,
 * residual, squeeze-excite, transformer — over every registered layer type, about a
 * quarter of them refused by torch). gen_cases.py builds each document and torch's verdict per
 * node; here every node must agree exactly — same shape and parameter count where torch runs
 * (and MACs for Linear, convolutions and attention), an error diagnostic on exactly the node
 * where torch raises, and an unknown shape downstream.
 *
 * Needs python3 with torch (CI: `pip install -r apps/trainer/requirements.txt`). Set
 * LAYERWISE_SKIP_TORCH=1 to skip it on a machine without torch; it is never skipped silently.
 * LAYERWISE_KEEP_DIFFERENTIAL=1 keeps the generated cases and writes every disagreement to a file.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/analyze";
import { evaluateLayer } from "../../src/analysis/evaluate-layer";
import { getLayerDef, LAYER_DEFS } from "../../src/layers/registry";
import type { TAnalysis } from "../../src/analysis/types";
import {
  compareCase,
  formatDisagreement,
  type TDifferentialCase,
  type TDifferentialFile,
  type TDisagreement,
} from "./compare-cases";

const HERE = dirname(fileURLToPath(import.meta.url));
const SKIP = process.env["LAYERWISE_SKIP_TORCH"] === "1";
/** Explore beyond the fixed seed with LAYERWISE_DIFFERENTIAL_SEED=n (CI keeps the default). */
const SEED = process.env["LAYERWISE_DIFFERENTIAL_SEED"] ?? "20261125";
/**
 * Types that are not torch modules (the trainer node, an imported op graph-core cannot map) or
 * not single torch layers (blocks).
 */
const NOT_DIFFERENTIAL = new Set(["Output", "UnsupportedOp"]);
/** Layers emitted as a tensor method in `forward` (no torch.nn class to compare a schema with). */
const TENSOR_METHODS = new Set(["Transpose"]);
const SHOWN = 40;
/**
 * While developing a layer: LAYERWISE_DIFFERENTIAL_TYPES=LSTM,GRU limits the cases to those types
 * (plus the merge ops), LAYERWISE_DIFFERENTIAL_COUNT=n changes the number of random cases.
 */
const ONLY = (process.env["LAYERWISE_DIFFERENTIAL_TYPES"] ?? "").split(",").filter((t) => t);
const COUNT = process.env["LAYERWISE_DIFFERENTIAL_COUNT"] ?? "3000";
/** The volume and refusal-share checks hold for the full default run only. */
const FULL = ONLY.length === 0 && COUNT === "3000";

if (SKIP)
  console.warn(
    "differential: SKIPPED (LAYERWISE_SKIP_TORCH=1) — graph-core is not checked against torch",
  );

function registryTypes(): string[] {
  const types = LAYER_DEFS.filter((d) => d.family !== "block" && !NOT_DIFFERENTIAL.has(d.type)).map(
    (d) => d.type,
  );
  if (ONLY.length === 0) return types;
  return types.filter(
    (t) => ONLY.includes(t) || ["Input", "Concat", "Add", "Multiply"].includes(t),
  );
}

function generate(dir: string): TDifferentialFile {
  const out = join(dir, "cases.json");
  try {
    execFileSync(
      "python3",
      [
        join(HERE, "gen_cases.py"),
        "--out",
        out,
        "--seed",
        SEED,
        "--count",
        COUNT,
        "--types",
        registryTypes().join(","),
      ],
      {
        stdio: ["ignore", "inherit", "pipe"],
        timeout: 300_000,
      },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(
      `gen_cases.py failed (needs python3 with torch: pip install -r apps/trainer/requirements.txt, ` +
        `or set LAYERWISE_SKIP_TORCH=1):\n${stderr}`,
    );
  }
  return JSON.parse(readFileSync(out, "utf8")) as TDifferentialFile;
}

describe.skipIf(SKIP)("differential: graph-core vs torch", () => {
  let dir = "";
  let data: TDifferentialFile;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "layerwise-differential-"));
    data = generate(dir);
    // graph-core's rules are pinned to torch 2.13 (e.g. BatchNorm's `bias` kwarg is new there).
    if (!data.torch.startsWith("2.13.")) {
      console.warn(`differential: torch ${data.torch} installed; graph-core follows torch 2.13`);
    }
  }, 300_000);

  afterAll(() => {
    if (dir !== "" && process.env["LAYERWISE_KEEP_DIFFERENTIAL"] !== "1")
      rmSync(dir, { recursive: true, force: true });
  });

  it("covers every registered layer type, with a real share of torch refusals", () => {
    const covered = new Set(data.covered);
    expect(
      registryTypes().filter((t) => !covered.has(t)),
      "registry types without generated cases",
    ).toEqual([]);
    expect(data.uncovered, "registry types gen_cases.py cannot sample yet").toEqual([]);
    if (!FULL) return;
    expect(data.cases.length).toBeGreaterThanOrEqual(2000);
    const share = data.refused / data.cases.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.4);
  });

  it("agrees with torch on every node of every case", () => {
    const started = performance.now();
    const failures: TDisagreement[] = [];
    let agreeing = 0;
    for (const c of data.cases) {
      const found = compareCase(c, analyze(c.model));
      if (found.length === 0) agreeing++;
      failures.push(...found);
    }
    const ms = Math.round(performance.now() - started);
    const summary = `differential: ${agreeing}/${data.cases.length} cases agree`;
    console.log(
      `${summary} (${data.refused} refused by torch ${data.torch}; ` +
        `${data.seconds} s to generate, ${ms} ms to analyse)`,
    );
    if (failures.length > 0 && process.env["LAYERWISE_KEEP_DIFFERENTIAL"] === "1") {
      writeFileSync(join(dir, "disagreements.txt"), failures.map(formatDisagreement).join("\n"));
      console.log(`all disagreements: ${join(dir, "disagreements.txt")}`);
    }
    // Root causes first: a node after an upstream disagreement is usually just its consequence.
    const ordered = [...failures.filter((f) => !f.cascade), ...failures.filter((f) => f.cascade)];
    const shown = ordered.slice(0, SHOWN).map(formatDisagreement).join("\n");
    const more = failures.length > SHOWN ? `\n… and ${failures.length - SHOWN} more nodes` : "";
    const byType = new Map<string, number>();
    for (const f of ordered) if (!f.cascade) byType.set(f.type, (byType.get(f.type) ?? 0) + 1);
    const types = [...byType].map(([t, n]) => `${t} ${n}`).join(", ");
    expect(
      failures.length,
      `${summary}; root causes by type: ${types}; disagreeing nodes:\n${shown}${more}`,
    ).toBe(0);
  });

  it("emits PyTorch (toPyTorch) that builds and gives torch's shape and parameter count", () => {
    // Single layers and merge nodes; chains add nothing, a node's code depends on it alone.
    const items = data.cases.flatMap((c) => emissionOf(c) ?? []);
    const input = join(dir, "emissions.json");
    const output = join(dir, "emissions-checked.json");
    writeFileSync(input, JSON.stringify(items));
    execFileSync("python3", [join(HERE, "check_emissions.py"), input, output], {
      stdio: "inherit",
      timeout: 300_000,
    });
    const result = JSON.parse(readFileSync(output, "utf8")) as {
      checked: number;
      failures: unknown[];
    };
    console.log(
      `differential codegen: ${result.checked - result.failures.length}/${result.checked} emissions agree`,
    );
    const shown = result.failures
      .slice(0, SHOWN)
      .map((f) => JSON.stringify(f))
      .join("\n");
    expect(result.failures.length, `emissions torch disagrees with:\n${shown}`).toBe(0);
    if (FULL) expect(result.checked).toBeGreaterThan(500);
  });
});

interface TEmission {
  id: string;
  module: string | null;
  forward: string | null;
  inputs: number[][];
  long: boolean;
  shape: number[];
  params: number;
}

/**
 * The node under test as graph-core would emit it: the layer of a one-layer case, or the merge
 * node of a merge case (its forward expression over two or three inputs).
 */
function emissionOf(c: TDifferentialCase): TEmission | null {
  const target =
    c.kind === "single"
      ? c.model.nodes.find((n) => n.id === "n1")
      : c.kind === "merge"
        ? c.model.nodes.find((n) => n.id === "m")
        : undefined;
  const verdict = c.expect[target?.id ?? ""];
  if (target === undefined || verdict?.status !== "ok") return null;
  const sources = c.model.edges
    .filter((e) => e.target === target.id)
    .sort((a, b) => (a.port ?? 0) - (b.port ?? 0))
    .map((e) => e.source);
  const inputs: number[][] = [];
  for (const source of sources) {
    const v = c.expect[source];
    if (v?.status !== "ok") return null;
    inputs.push(v.shape);
  }
  const def = getLayerDef(target.type);
  if (def === undefined) return null;
  const evaluation = evaluateLayer(def, target.params, inputs, target.id);
  // A refusal here is already a shape disagreement, reported by the test above.
  if (evaluation.shape === null) return null;
  const emission = def.toPyTorch({ nodeId: target.id, params: evaluation.resolved, inputs });
  const names = inputs.map((_, i) => `x${i}`);
  const input = c.model.nodes[0];
  return {
    id: c.id,
    module: emission.module,
    forward: emission.forward?.(names, emission.module === null ? "self" : "self.m") ?? null,
    inputs,
    long: c.kind === "single" && input?.params["dtype"] === "long",
    shape: verdict.shape,
    params: verdict.params,
  };
}

describe.skipIf(SKIP)("param schemas vs torch constructors", () => {
  it("offers torch's arguments with torch's defaults (None where torch has None)", () => {
    const dir = mkdtempSync(join(tmpdir(), "layerwise-schema-"));
    try {
      // Graph ops (Input, Output, merges), tensor methods and blocks are not torch.nn classes.
      const defs = LAYER_DEFS.filter(
        (d) =>
          d.family !== "block" &&
          d.family !== "merge" &&
          d.family !== "io" &&
          !NOT_DIFFERENTIAL.has(d.type) &&
          !TENSOR_METHODS.has(d.type),
      ).map((d) => ({
        type: d.type,
        params: d.params.map((p) => ({
          name: p.name,
          default: p.default === undefined ? "<required>" : p.default,
          nullable: p.nullable === true,
        })),
      }));
      writeFileSync(join(dir, "defs.json"), JSON.stringify(defs));
      execFileSync(
        "python3",
        [join(HERE, "check_schema.py"), join(dir, "defs.json"), join(dir, "out.json")],
        {
          stdio: "inherit",
          timeout: 120_000,
        },
      );
      const result = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as {
        checked: number;
        mismatches: string[];
      };
      expect(result.checked).toBe(defs.length);
      expect(result.mismatches, result.mismatches.join("\n")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("differential comparison", () => {
  // A tiny hand-made case keeps the comparison honest: it must report each kind of disagreement.
  const c: TDifferentialCase = {
    id: "self-test",
    kind: "chain",
    batch: 3,
    model: {
      format: "layerwise.model-flow",
      version: 1,
      name: "self-test",
      nodes: [
        { id: "in", type: "Input", params: { shape: [4] } },
        { id: "fc", type: "Linear", params: { out_features: 8 } },
        { id: "bad", type: "Flatten", params: { start_dim: 5 } },
        { id: "after", type: "ReLU", params: {} },
      ],
      edges: [
        { source: "in", target: "fc" },
        { source: "fc", target: "bad" },
        { source: "bad", target: "after" },
      ],
    },
    expect: {
      in: { status: "ok", shape: [4], params: 0 },
      fc: { status: "ok", shape: [8], params: 40 },
      bad: { status: "error", error: "IndexError: Dimension out of range" },
      after: { status: "skipped" },
    },
  };

  it("accepts graph-core's real analysis of a case it agrees with", () => {
    expect(compareCase(c, analyze(c.model))).toEqual([]);
  });

  it("reports a wrong shape, a wrong count, a missing error and a made-up downstream shape", () => {
    const real = analyze(c.model);
    const tampered = { ...real, nodes: new Map(real.nodes) } satisfies TAnalysis;
    const fc = real.nodes.get("fc")!;
    tampered.nodes.set("fc", { ...fc, shape: [9], params: 41 });
    tampered.nodes.set("bad", { ...real.nodes.get("bad")!, shape: [8], diagnostics: [] });
    tampered.nodes.set("after", { ...real.nodes.get("after")!, shape: [8] });
    const found = compareCase(c, tampered).map((d) => d.node);
    expect(found).toEqual(["fc", "bad", "after"]);
  });
});
