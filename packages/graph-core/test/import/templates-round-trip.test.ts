/**
 * Round trip: the generated code of every template, imported back with `graph-core import`,
 * is the template again — structural diff empty (ids aside), every traced shape equal to
 * graph-core's, the parameter count equal to torch's and to the template's.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/analyze";
import { generatePyTorch } from "../../src/codegen/generate-pytorch";
import { diffModels, isEmptyDiff } from "../../src/diff/diff-models";
import { getLayerDef } from "../../src/layers/registry";
import { TEMPLATE_IDS, loadTemplate } from "../../src/templates";
import { SKIP_TORCH } from "../codegen/python-runner";
import { canonicalize, withoutOutputs } from "./canonical";
import { pooled, runImport, type TImportRun } from "./import-runner";

function codeFor(id: (typeof TEMPLATE_IDS)[number]) {
  const doc = loadTemplate(id);
  const code = generatePyTorch(doc, analyze(doc), { lookup: getLayerDef });
  const cls = /^Model = (\w+)$/m.exec(code)?.[1];
  const shape = /^INPUT_SHAPES = \[\(([\d, ]+)\)\]$/m.exec(code)?.[1]?.replace(/ /g, "");
  if (!cls || !shape) throw new Error(`generated code of ${id} names no Model / INPUT_SHAPES`);
  return { doc, code, cls, shape };
}

describe("canonical comparison", () => {
  it("tells a changed kernel apart, and ignores ids", () => {
    const doc = withoutOutputs(loadTemplate("lenet5"));
    const renamed = {
      ...doc,
      nodes: doc.nodes.map((n) => ({ ...n, id: `x_${n.id}` })),
      edges: doc.edges.map((e) => ({ ...e, source: `x_${e.source}`, target: `x_${e.target}` })),
    };
    expect(isEmptyDiff(diffModels(canonicalize(doc), canonicalize(renamed)))).toBe(true);
    const conv = doc.nodes.find((n) => n.type === "Conv2d")!;
    const changed = {
      ...doc,
      nodes: doc.nodes.map((n) =>
        n === conv ? { ...n, params: { ...n.params, kernel_size: 3 } } : n,
      ),
    };
    expect(isEmptyDiff(diffModels(canonicalize(doc), canonicalize(changed)))).toBe(false);
  });
});

describe.skipIf(SKIP_TORCH)("graph-core import of every template's generated code", () => {
  const dir = mkdtempSync(join(tmpdir(), "graph-core-roundtrip-"));
  const cases = TEMPLATE_IDS.map((id) => ({ id, ...codeFor(id) }));
  const runs = new Map<string, TImportRun>();

  beforeAll(async () => {
    const results = await pooled(
      cases.map((c) => () => {
        const file = join(dir, `${c.id.replace(/-/g, "_")}.py`);
        writeFileSync(file, c.code);
        return runImport([file, "--class", c.cls, "--input", c.shape]);
      }),
      3,
    );
    cases.forEach((c, k) => runs.set(c.id, results[k]!));
  }, 1_200_000);

  it.each(TEMPLATE_IDS.map((id) => [id]))("%s comes back as the template", (id) => {
    const run = runs.get(id)!;
    const c = cases.find((x) => x.id === id)!;
    expect(run.stderr).not.toMatch(/differ|unsupported|note:/);
    expect(run.code).toBe(0);
    const report = run.report!;
    expect(report.shapeMismatches).toEqual([]);
    expect(report.shapesChecked).toBeGreaterThan(c.doc.nodes.length - 2);
    const templateParams = analyze(c.doc).totalParams;
    expect(report.params).toEqual({
      graphCore: templateParams,
      torch: templateParams,
      from: "torch",
    });
    expect(report.unsupported).toEqual([]);
    const diff = diffModels(canonicalize(withoutOutputs(c.doc)), canonicalize(run.doc!));
    expect(diff).toEqual({
      added: [],
      removed: [],
      changed: [],
      edges: { added: [], removed: [] },
    });
  });
});
