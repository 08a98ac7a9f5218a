import { describe, expect, it } from "vitest";
import { TEMPLATE_IDS, loadTemplate } from "../../src/templates";
import { compile } from "./engine";
import { SKIP_TORCH, runInTorch } from "./python-runner";

describe.skipIf(SKIP_TORCH)("generated PyTorch for every template runs in torch", () => {
  const compiled = TEMPLATE_IDS.map((id) => ({ id, ...compile(loadTemplate(id)) }));
  const results = runInTorch(compiled.map((c) => c.code));

  it.each(compiled.map((c, i) => [c.id, i] as const))(
    "%s: builds, same output shape and parameter count",
    (_id, i) => {
      const c = compiled[i]!;
      const r = results[i]!;
      expect(r.error ?? "").toBe("");
      expect(r.ok).toBe(true);
      expect(r.params).toBe(c.analysis.totalParams);
      expect(r.shapes).toEqual(c.outputShapes);
    },
  );
});
