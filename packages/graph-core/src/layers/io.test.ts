import { describe, expect, it } from "vitest";
import { evaluateResolved } from "../analysis/evaluate-layer";
import type { TShape, TParams } from "../graph/types";
import { IO_LAYERS } from "./io";
import { resolveParams } from "./params";

const output = IO_LAYERS.find((d) => d.type === "Output")!;
const input = IO_LAYERS.find((d) => d.type === "Input")!;

function check(params: TParams, reaching: TShape, dataset: TShape = [3, 64, 64]) {
  const resolved = resolveParams(output, params, "out");
  if (resolved.hasError) return { shape: null, diagnostics: resolved.diagnostics };
  const r = output.inferShape({
    nodeId: "out",
    params: resolved.params,
    inputs: [reaching],
    graphInputs: [dataset],
  });
  return r.ok
    ? { shape: r.shape, diagnostics: r.diagnostics ?? [] }
    : { shape: null, diagnostics: r.diagnostics };
}

describe("Input", () => {
  it("reports its shape and needs one", () => {
    expect(
      evaluateResolved(input, resolveParams(input, { shape: [3, 256, 256] }), [], "in").shape,
    ).toEqual([3, 256, 256]);
    expect(resolveParams(input, {}).diagnostics[0]!.message).toMatch(/shape is required/);
    expect(resolveParams(input, { shape: [3, 0] }).hasError).toBe(true);
    expect(resolveParams(input, { shape: [] }).hasError).toBe(true);
  });
});

describe("Output task checks", () => {
  it.each([
    [{ task: "binary-segmentation" }, [1, 64, 64], null],
    [{ task: "binary-segmentation" }, [64, 64, 64], /1 output channel, got 64/],
    [{ task: "binary-segmentation" }, [1, 32, 32], /keep the Input's spatial size 64×64/],
    [{ task: "binary-segmentation" }, [10], /\[C, H, W\]/],
    [{ task: "multiclass-segmentation", num_classes: 5 }, [5, 64, 64], null],
    [{ task: "multiclass-segmentation", num_classes: 5 }, [4, 64, 64], /5 output channels, got 4/],
    [{ task: "multiclass-segmentation" }, [1, 64, 64], /num_classes/],
    [{ task: "classification", num_classes: 10 }, [10], null],
    [{ task: "classification", num_classes: 10 }, [9], /\[10\] logits, got \[9\]/],
    [{ task: "classification" }, [512, 7, 7], /Flatten/],
  ] as const)("%j on %j", (params, reaching, message) => {
    const r = check(params as unknown as TParams, reaching);
    if (message === null) {
      expect(r.shape).toEqual(reaching);
    } else {
      expect(r.shape).toBeNull();
      expect(r.diagnostics[0]!.code).toBe("task-mismatch");
      expect(r.diagnostics[0]!.message + " " + r.diagnostics[0]!.hint).toMatch(message);
    }
  });

  it("hints at the fix for a too-small segmentation output", () => {
    expect(check({ task: "binary-segmentation" }, [1, 32, 32]).diagnostics[0]!.hint).toMatch(
      /upsampling/,
    );
  });

  it("validates training params", () => {
    expect(resolveParams(output, { task: "regression" }).diagnostics[0]!.message).toMatch(
      /task: expected one of "binary-segmentation"/,
    );
    expect(resolveParams(output, { lr: 0 }).hasError).toBe(true);
    expect(resolveParams(output, { epochs: 2.5 }).hasError).toBe(true);
  });
});

describe("training params", () => {
  it("Input augmentations and Output training settings have stable defaults and ranges", () => {
    const i = resolveParams(input, { shape: [3, 64, 64] });
    expect(i.params).toMatchObject({
      augment: false,
      hflip: false,
      vflip: false,
      rotate: 0,
      crop: 0,
      color_jitter: 0,
      normalize: true,
      dataset: null,
    });
    expect(resolveParams(input, { shape: [3, 8, 8], crop: 1.5 }).diagnostics[0]!.message).toMatch(
      /crop: expected a number ≤ 1|crop/,
    );
    const o = resolveParams(output, {});
    expect(o.params).toMatchObject({
      task: "binary-segmentation",
      loss: "auto",
      optimizer: "Adam",
      lr: 0.001,
      epochs: 20,
      batch_size: 8,
      momentum: 0.9,
      schedule: "constant",
      seed: 0,
      device: "auto",
      amp: true,
      early_stopping_patience: null,
    });
    expect(resolveParams(output, { device: "tpu" }).hasError).toBe(true);
    expect(resolveParams(output, { early_stopping_patience: 0 }).hasError).toBe(true);
    expect(resolveParams(output, { optimizer: "RMSprop", loss: "DiceBCELoss" }).hasError).toBe(
      false,
    );
  });
});
