import { describe, expect, it } from "vitest";
import { analyze } from "../analysis/analyze";
import type { TModelFlow } from "../graph/types";
import { loadTemplate } from "../templates";
import { checkTrainingDataset, readTrainingSettings, type TTrainingDataset } from "./io-training";

const NUCLEI: TTrainingDataset = {
  id: "nuclei",
  name: "Nuclei",
  task: "binary-segmentation",
  sampleShape: [3, 256, 256],
  classes: ["background", "nucleus"],
};
const SHAPES: TTrainingDataset = {
  id: "shapes",
  name: "Shapes",
  task: "classification",
  sampleShape: [3, 64, 64],
  classes: ["circle", "square", "triangle", "star", "cross", "ring"],
};

function withParams(model: TModelFlow, type: string, params: Record<string, unknown>): TModelFlow {
  return {
    ...model,
    nodes: model.nodes.map((n) =>
      n.type === type ? { ...n, params: { ...n.params, ...params } } : n,
    ),
  } as TModelFlow;
}

const unet = () => loadTemplate("unet-small");

describe("readTrainingSettings", () => {
  it("reads unet-small's Output in the trainer's vocabulary, with defaults", () => {
    const { settings, diagnostics } = readTrainingSettings(unet());
    expect(diagnostics).toEqual([]);
    expect(settings).toMatchObject({
      task: "binary-segmentation",
      numClasses: null,
      dataset: null,
      input: {
        shape: [3, 128, 128],
        normalize: true,
        augment: { hflip: false, vflip: false, rotate: 0, crop: 0, color_jitter: 0 },
      },
      config: {
        epochs: 20,
        batch_size: 8,
        lr: 0.001,
        optimizer: "Adam",
        momentum: 0.9,
        weight_decay: 0,
        schedule: "constant",
        loss: "bce",
        seed: 0,
        device: "auto",
        amp: true,
        early_stopping_patience: null,
      },
    });
  });

  it("maps every Output loss the trainer implements and refuses the others", () => {
    const loss = (name: string, task = "binary-segmentation") =>
      readTrainingSettings(
        withParams(unet(), "Output", {
          loss: name,
          task,
          num_classes: task === "binary-segmentation" ? null : 2,
        }),
      );
    expect(loss("DiceLoss").settings?.config.loss).toBe("dice");
    expect(loss("DiceBCELoss").settings?.config.loss).toBe("bce_dice");
    expect(loss("auto").settings?.config.loss).toBe("auto");
    expect(loss("CrossEntropyLoss", "multiclass-segmentation").settings?.config.loss).toBe(
      "cross_entropy",
    );
    expect(loss("MSELoss").diagnostics[0]!.message).toMatch(/does not implement loss MSELoss/);
    expect(loss("CrossEntropyLoss").diagnostics[0]).toMatchObject({
      code: "task-mismatch",
      node: "output",
    });
    expect(loss("BCEWithLogitsLoss", "classification").diagnostics[0]!.hint).toMatch(
      /CrossEntropyLoss/,
    );
  });

  it("reads augmentations; the augment preset adds flips and ±90°", () => {
    const custom = readTrainingSettings(
      withParams(unet(), "Input", {
        hflip: true,
        rotate: 30,
        crop: 0.8,
        color_jitter: 0.2,
        dataset: " nuclei ",
      }),
    );
    expect(custom.settings?.input.augment).toEqual({
      hflip: true,
      vflip: false,
      rotate: 30,
      crop: 0.8,
      color_jitter: 0.2,
    });
    expect(custom.settings?.dataset).toBe("nuclei");
    const preset = readTrainingSettings(withParams(unet(), "Input", { augment: true }));
    expect(preset.settings?.input.augment).toEqual({
      hflip: true,
      vflip: true,
      rotate: 90,
      crop: 0,
      color_jitter: 0,
    });
  });

  it("reads schedule, seed, device, amp and early stopping; refuses invalid values", () => {
    const r = readTrainingSettings(
      withParams(unet(), "Output", {
        schedule: "cosine",
        seed: 7,
        device: "cpu",
        amp: false,
        early_stopping_patience: 3,
        optimizer: "SGD",
        momentum: 0.8,
      }),
    );
    expect(r.settings?.config).toMatchObject({
      schedule: "cosine",
      seed: 7,
      device: "cpu",
      amp: false,
      early_stopping_patience: 3,
      optimizer: "SGD",
      momentum: 0.8,
    });
    const bad = readTrainingSettings(withParams(unet(), "Output", { schedule: "sometimes" }));
    expect(bad.settings).toBeNull();
    expect(bad.diagnostics[0]!.message).toMatch(/schedule: expected one of "constant"/);
    expect(
      readTrainingSettings(withParams(unet(), "Input", { rotate: 200 })).diagnostics[0]!.message,
    ).toMatch(/rotate/);
  });

  it("needs exactly one Input and one Output", () => {
    const noOutput = { ...unet(), nodes: unet().nodes.filter((n) => n.type !== "Output") };
    expect(readTrainingSettings(noOutput).diagnostics[0]).toMatchObject({
      code: "no-output",
      severity: "error",
    });
    const model = unet();
    const twoInputs = {
      ...model,
      nodes: [...model.nodes, { id: "in2", type: "Input", params: { shape: [3, 8, 8] } }],
    };
    expect(readTrainingSettings(twoInputs).diagnostics[0]!.message).toMatch(
      /one Input node; this model has 2/,
    );
  });
});

describe("checkTrainingDataset", () => {
  const settingsOf = (model: TModelFlow) => readTrainingSettings(model).settings!;

  it("accepts unet-small on nuclei at its own training resolution", () => {
    expect(checkTrainingDataset(settingsOf(unet()), NUCLEI)).toEqual([]);
  });

  it("a 3-channel dataset bound to a 1-channel Input is a clear error on the Input", () => {
    const model = withParams(unet(), "Input", { shape: [1, 128, 128] });
    const [d] = checkTrainingDataset(settingsOf(model), NUCLEI);
    expect(d).toMatchObject({ code: "invalid-param", severity: "error", node: "input" });
    expect(d!.message).toBe(
      'Input "input" has 1 channel but the dataset "Nuclei" has 3-channel (RGB) images.',
    );
    expect(d!.hint).toBe(
      "Set the Input's shape to [3, 128, 128] (H×W is the training resolution).",
    );
  });

  it("flat inputs, wrong task and wrong class count are refused", () => {
    const flat = withParams(unet(), "Input", { shape: [784] });
    expect(checkTrainingDataset(settingsOf(flat), NUCLEI)[0]).toMatchObject({
      code: "rank-mismatch",
    });
    expect(checkTrainingDataset(settingsOf(unet()), SHAPES)[0]).toMatchObject({
      code: "task-mismatch",
      node: "output",
    });
    const lenet = withParams(loadTemplate("lenet5"), "Input", { shape: [3, 32, 32] });
    const d = checkTrainingDataset(settingsOf(lenet), SHAPES);
    expect(d[0]!.message).toMatch(/predicts 10 classes but the dataset "Shapes" has 6/);
  });

  it("without num_classes, the classes come from the shape reaching the Output", () => {
    const lenet = withParams(
      withParams(loadTemplate("lenet5"), "Input", { shape: [3, 32, 32] }),
      "Output",
      { num_classes: null },
    );
    const d = checkTrainingDataset(settingsOf(lenet), SHAPES, analyze(lenet));
    expect(d[0]!.message).toMatch(/predicts 10 classes/);
    expect(
      checkTrainingDataset(
        settingsOf(lenet),
        { ...SHAPES, classes: SHAPES.classes.concat(["a", "b", "c", "d"]) },
        analyze(lenet),
      ),
    ).toEqual([]);
  });
});
