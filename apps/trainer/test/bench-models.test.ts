/*
 * The benchmark models (bench/models/*.json) are editor documents the trainer benchmark and the
 * nuclei protocol train: each must pass graph-core's analysis and the training checks, and the
 * committed `.py` next to it must be exactly graph-core's code for it (the protocol trains the
 * `.py`, the worker generates from the document: they must not drift).
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  analyze,
  generatePyTorch,
  loadTemplate,
  parseModelFlow,
  readTrainingSettings,
  type TModelFlow,
} from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";

const MODELS = fileURLToPath(new URL("../bench/models/", import.meta.url));
const documents = (await readdir(MODELS)).filter((f) => f.endsWith(".json")).sort();

function errorsOf(doc: TModelFlow) {
  const analysis = analyze(doc);
  return [...[...analysis.nodes.values()].flatMap((n) => n.diagnostics), ...analysis.diagnostics]
    .filter((d) => d.severity === "error")
    .map((d) => `${d.code}${d.node ? ` at ${d.node}` : ""}: ${d.message}`);
}

describe("bench models", () => {
  it("include the improved nuclei model", () => {
    expect(documents).toContain("unet-small-improved.json");
  });

  it.each(documents)(
    "%s is a trainable document whose committed code is graph-core's",
    async (file) => {
      const parsed = parseModelFlow(JSON.parse(await readFile(`${MODELS}${file}`, "utf8")));
      if (!parsed.ok)
        throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; "));
      expect(errorsOf(parsed.doc)).toEqual([]);
      const { settings, diagnostics } = readTrainingSettings(parsed.doc);
      expect(diagnostics).toEqual([]);
      expect(settings?.task).toBe("binary-segmentation");
      const code = await readFile(`${MODELS}${file.replace(/\.json$/, ".py")}`, "utf8");
      expect(code).toBe(generatePyTorch(parsed.doc, analyze(parsed.doc)));
    },
  );

  it("unet-small.py is graph-core's code for the unet-small template", async () => {
    const template = loadTemplate("unet-small");
    const code = await readFile(`${MODELS}unet-small.py`, "utf8");
    expect(code).toBe(generatePyTorch(template, analyze(template)));
  });
});
