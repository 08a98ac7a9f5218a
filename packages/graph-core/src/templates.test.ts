import { describe, expect, it } from "vitest";
import { analyze } from "./analysis/analyze";
import { TEMPLATE_IDS, listTemplates, loadTemplate } from "./templates";

describe("templates", () => {
  it.each(TEMPLATE_IDS)("%s analyses without errors and has an Output node with a task", (id) => {
    const doc = loadTemplate(id);
    const analysis = analyze(doc);
    const errors = [
      ...analysis.diagnostics,
      ...[...analysis.nodes.values()].flatMap((n) => n.diagnostics),
    ].filter((d) => d.severity === "error");
    expect(errors).toEqual([]);
    const output = doc.nodes.find((n) => n.type === "Output");
    expect(output?.params.task).toEqual(expect.any(String));
    expect(output?.params.loss).toEqual(expect.any(String));
    expect(output?.params.optimizer).toEqual(expect.any(String));
    for (const n of doc.nodes) expect(analysis.nodes.get(n.id)?.shape).not.toBeNull();
  });

  it.each([
    ["lenet5", 61_706, [10]],
    ["vgg16", 138_357_544, [1000]],
    ["resnet18", 11_689_512, [1000]],
    ["unet", 31_030_658, [2, 512, 512]],
    ["unet-small", 482_737, [1, 128, 128]],
    ["vit-small", 618_378, [10]],
  ] as const)("%s has %i parameters and outputs %j (torchvision's counts)", (id, params, shape) => {
    const doc = loadTemplate(id);
    const analysis = analyze(doc);
    expect(analysis.totalParams).toBe(params);
    expect(analysis.nodes.get("output")?.shape).toEqual(shape);
  });

  it("lists every template with a name and description, and loads fresh copies", () => {
    expect(listTemplates().map((t) => t.id)).toEqual(TEMPLATE_IDS);
    for (const t of listTemplates()) expect(t.description.length).toBeGreaterThan(20);
    const a = loadTemplate("lenet5");
    a.nodes.pop();
    expect(loadTemplate("lenet5").nodes.length).toBe(a.nodes.length + 1);
  });
});
