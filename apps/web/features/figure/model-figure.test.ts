import {
  analyze,
  encodeVisuals,
  layoutModel,
  loadTemplate,
  type TModelFlow,
  type TTemplateId,
} from "@layerwise/graph-core";
import { suggestedAlignment } from "@layerwise/model-doc";
import { textWidth } from "@layerwise/model-summary";
import { describe, expect, it } from "vitest";
import { modelToSvg } from "./model-figure";

/** The figure of a template as the editor shows it: its layout mode, positions from graph-core. */
function figureOf(id: TTemplateId): { svg: string; model: TModelFlow } {
  const model = loadTemplate(id);
  const analysis = analyze(model);
  const visuals = encodeVisuals(model, analysis);
  const alignment = suggestedAlignment(model);
  const positions = layoutModel(model, analysis, { mode: alignment, visuals });
  const nodes = model.nodes.map((n) => ({ id: n.id, position: positions.get(n.id)! }));
  return { svg: modelToSvg({ flow: model, nodes, meta: { alignment }, analysis }), model };
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

  it("labels a U-Net's rows at the side, as the canvas does: one per size, on the row's line", () => {
    const { svg, model } = figureOf("unet-small");
    const analysis = analyze(model);
    const labels = [...svg.matchAll(/<text [^>]*data-row-label[^>]*>([^<]*)<\/text>/g)];
    expect(labels.map((m) => m[1])).toEqual(["128²", "64²", "32²", "16²"]);
    const bars = [
      ...svg.matchAll(/<rect x="([-\d.]+)" y="([-\d.]+)" width="[\d.]+" height="([\d.]+)" rx/g),
    ];
    const ids = model.nodes.map((n) => n.id);
    const centreOf = new Map(bars.map((b, i) => [ids[i]!, Number(b[2]) + Number(b[3]) / 2]));
    const left = Math.min(...bars.map((b) => Number(b[1])));
    const viewBox = /viewBox="([-\d.]+) /.exec(svg)!;
    for (const m of labels) {
      const tag = m[0];
      const x = Number(attr(tag, "x"));
      // Left of every bar, inside the picture, at a readable size.
      expect(x).toBeLessThan(left);
      expect(x - textWidth(m[1]!, Number(attr(tag, "font-size")))).toBeGreaterThan(
        Number(viewBox[1]),
      );
      expect(Number(attr(tag, "font-size"))).toBeGreaterThanOrEqual(11);
      // On the centre line of a bar of that size (the row's median bar).
      const size = Number(m[1]!.replace("²", ""));
      const row = model.nodes
        .filter((n) => analysis.nodes.get(n.id)?.shape?.[1] === size)
        .map((n) => centreOf.get(n.id)!);
      expect(row.length).toBeGreaterThan(0);
      expect(row).toContain(Number(attr(tag, "y")));
    }
  });

  it("draws no row labels in simple alignment", () => {
    expect(figureOf("vgg16").svg).not.toContain("data-row-label");
  });
});
