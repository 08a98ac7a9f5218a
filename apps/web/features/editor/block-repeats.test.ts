import { analyze, loadTemplate, type TTemplateId } from "@layerwise/graph-core";
import { modelFlowToDoc } from "@layerwise/model-doc";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { blockNameFor, findRepeats } from "./block-repeats";
import { groupRepeats } from "./editor-actions";
import { EditorStore } from "./editor-store";

function storeFor(id: TTemplateId): EditorStore {
  const ydoc = new Y.Doc();
  modelFlowToDoc(ydoc, loadTemplate(id), null);
  const store = new EditorStore(ydoc);
  store.attach();
  return store;
}

const DOUBLE_CONV = ["conv1", "bn1", "relu1", "conv2", "bn2", "relu2"];
const RESIDUAL = ["conv1", "bn1", "relu1", "conv2", "bn2", "add", "relu2"];

describe("collapsing repeated structures", () => {
  it("names a structure as the code does", () => {
    const model = loadTemplate("unet-small");
    const analysis = analyze(model);
    expect(
      blockNameFor(
        model,
        analysis,
        DOUBLE_CONV.map((s) => `enc2_${s}`),
      ),
    ).toBe("DoubleConv 32");
    expect(blockNameFor(model, analysis, ["enc2_conv1", "enc2_bn1", "enc2_relu1"])).toBe(
      "ConvBNReLU 32",
    );
    expect(blockNameFor(model, analysis, ["pool1", "enc2_conv1"])).toBeNull();
    const resnet = loadTemplate("resnet18");
    expect(
      blockNameFor(
        resnet,
        analyze(resnet),
        RESIDUAL.map((s) => `layer2_1_${s}`),
      ),
    ).toBe("ResidualBlock 128");
  });

  it("U-Net: every DoubleConv becomes one Block glyph named after its channels, shapes and parameters unchanged, one undo step", () => {
    const store = storeFor("unet-small");
    const before = store.getState().analysis;
    store.select(DOUBLE_CONV.map((s) => `enc1_${s}`));
    expect(groupRepeats(store)).toBeNull();
    const { flow, analysis } = store.getState();
    const blocks = flow.nodes.filter((n) => n.type === "Block");
    const labels = blocks.map((n) => n.label);
    expect(labels.length).toBeGreaterThanOrEqual(7);
    expect(labels).toContain("DoubleConv 16");
    expect(labels).toContain("DoubleConv 128");
    expect(labels.every((l) => /^DoubleConv \d+$/.test(String(l)))).toBe(true);
    expect(flow.nodes.some((n) => n.type === "BatchNorm2d")).toBe(false);
    expect(analysis.totalParams).toBe(before.totalParams);
    expect(analysis.errorCount).toBe(0);
    // The canvas draws each as one glyph with the name from the code, not "Block".
    const glyph = store.getState().nodes.find((n) => n.id === blocks[0]!.id)!;
    expect(glyph.data.title).toMatch(/^DoubleConv \d+$/);
    expect(store.getState().selection).toHaveLength(blocks.length);
    store.undo.undo();
    expect(store.getState().flow.nodes.some((n) => n.type === "Block")).toBe(false);
    expect(store.getState().flow.nodes).toHaveLength(loadTemplate("unet-small").nodes.length);
  });

  it("ResNet-18: the residual units repeat (ports included), the stem does not", () => {
    const model = loadTemplate("resnet18");
    const repeats = findRepeats(
      model,
      RESIDUAL.map((s) => `layer1_0_${s}`),
    );
    expect(repeats.map((ids) => ids[0])).toContain("layer4_1_conv1");
    expect(repeats.flat()).not.toContain("conv1");
    for (const ids of repeats) expect(ids).toHaveLength(RESIDUAL.length);
    const store = storeFor("resnet18");
    const params = store.getState().analysis.totalParams;
    store.select(RESIDUAL.map((s) => `layer1_0_${s}`));
    expect(groupRepeats(store)).toBeNull();
    const labels = store
      .getState()
      .flow.nodes.filter((n) => n.type === "Block")
      .map((n) => n.label);
    expect(labels).toHaveLength(repeats.length + 1);
    expect(labels).toContain("ResidualBlock 512");
    expect(store.getState().analysis.totalParams).toBe(params);
  });
});
