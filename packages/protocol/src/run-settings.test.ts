import { describe, expect, it } from "vitest";
import { runSettingsFromModel } from "./run-settings";

const model = (input: Record<string, unknown>, output: Record<string, unknown> | null) => ({
  nodes: [
    { id: "in", type: "Input", params: input },
    { id: "c", type: "Conv2d", params: { out_channels: 1, kernel_size: 1 } },
    ...(output ? [{ id: "out", type: "Output", params: output }] : []),
  ],
});

describe("runSettingsFromModel", () => {
  it("reads task, shape, dataset, augmentation and the Output's config", () => {
    const result = runSettingsFromModel(
      model(
        { shape: [3, 64, 64], dataset: "nuclei", augment: true },
        {
          task: "binary-segmentation",
          loss: "DiceBCELoss",
          lr: 0.01,
          epochs: 3,
          optimizer: "AdamW",
        },
      ),
    );
    expect(result).toEqual({
      ok: true,
      settings: {
        task: "binary-segmentation",
        numClasses: 1,
        input: {
          shape: [3, 64, 64],
          normalize: true,
          augment: { hflip: true, vflip: true, rotate: 90, crop: 0, color_jitter: 0 },
        },
        dataset: "nuclei",
        config: { lr: 0.01, epochs: 3, optimizer: "AdamW", loss: "bce_dice" },
      },
    });
  });

  it("reads the Input's flat augmentation params and the Output's training params", () => {
    const result = runSettingsFromModel(
      model(
        { shape: [3, 64, 64], hflip: true, rotate: 20, crop: 0.8, color_jitter: 0.1 },
        { early_stopping_patience: 3, schedule: "cosine", seed: 4, amp: false, device: "cpu" },
      ),
    );
    expect(result.ok && result.settings.input.augment).toEqual({
      hflip: true,
      vflip: false,
      rotate: 20,
      crop: 0.8,
      color_jitter: 0.1,
    });
    expect(result.ok && result.settings.config).toMatchObject({
      early_stopping_patience: 3,
      schedule: "cosine",
      seed: 4,
      amp: false,
      device: "cpu",
    });
  });

  it("says why a model cannot be trained", () => {
    const noOutput = runSettingsFromModel(model({ shape: [3, 8, 8] }, null));
    expect(noOutput).toEqual({
      ok: false,
      problems: [expect.stringMatching(/needs an Output node/)],
    });
    const badLoss = runSettingsFromModel(model({ shape: [784] }, { loss: "MSELoss" }));
    expect(badLoss.ok).toBe(false);
    if (!badLoss.ok) {
      expect(badLoss.problems[0]).toMatch(/must be \[C, H, W\].*\[784\]/);
      expect(badLoss.problems[1]).toMatch(/no MSELoss/);
    }
    const classes = runSettingsFromModel(model({ shape: [3, 8, 8] }, { task: "classification" }));
    expect(classes).toEqual({
      ok: false,
      problems: ["classification needs num_classes on the Output node"],
    });
  });
});
