import {
  analyze,
  encodeVisuals,
  layoutModel,
  loadTemplate,
  type TModelFlow,
  type TTemplateId,
} from "@layerwise/graph-core";
import { suggestedAlignment } from "@layerwise/model-doc";
import { describe, expect, it } from "vitest";
import { modelToSvg } from "./model-figure";

/** The figure of a template as the editor shows it: its layout mode, positions from graph-core. */
function figureOf(id: TTemplateId): { svg: string; model: TModelFlow } {
  const model = loadTemplate(id);
  const analysis = analyze(model);
  const visuals = encodeVisuals(model, analysis);
  const positions = layoutModel(model, analysis, { mode: suggestedAlignment(model), visuals });
  const nodes = model.nodes.map((n) => ({ id: n.id, position: positions.get(n.id)! }));
  return { svg: modelToSvg({ flow: model, nodes }), model };
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

describe("modelToSvg", () => {
  it.each(["unet-small", "unet", "resnet18", "vgg16"] as const)(
    "%s: arrowheads on every edge, text ≥ 11 px, not a 7:1 line",
    (id) => {
      const { svg, model } = figureOf(id);
      const paths = svg.match(/<path [^>]*marker-end[^>]*>/g) ?? [];
      expect(paths).toHaveLength(model.edges.length);
      expect(svg).toContain('<marker id="lw-arrow"');
      const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThanOrEqual(2 * model.nodes.length);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
      const root = /<svg [^>]*>/.exec(svg)![0];
      const aspect = Number(attr(root, "width")) / Number(attr(root, "height"));
      // A chain (VGG, ResNet) is a strip like its paper's figure; a U-Net is a U, not a line.
      expect(aspect).toBeLessThan(id.startsWith("unet") ? 3 : 6);
    },
  );

  it("names blocks as the code does, never the generic 'Block'", () => {
    const { svg } = figureOf("unet");
    for (const name of ["DoubleConv 64", "DoubleConv 1024"])
      expect(svg).toContain(`>${name}</text>`);
    expect(svg).not.toContain(">Block</text>");
  });
});
