import { describe, expect, it } from "vitest";
import { ZTrainingEvent, runChannel } from "./training";

describe("training events", () => {
  it("accepts an epoch event as the runner writes it", () => {
    const line =
      '{"type":"epoch","epoch":3,"train_loss":0.41,"val_loss":0.45,"val_iou":0.62,"val_dice":0.76,"seconds":8.2,"images_per_s":310.5,"device":"cuda"}';
    const parsed = ZTrainingEvent.parse(JSON.parse(line));
    expect(parsed.type).toBe("epoch");
  });

  it("rejects an epoch event without val_iou and an unknown type", () => {
    expect(
      ZTrainingEvent.safeParse({
        type: "epoch",
        epoch: 1,
        train_loss: 1,
        val_loss: 1,
        seconds: 1,
        images_per_s: 1,
        device: "cpu",
      }).success,
    ).toBe(false);
    expect(ZTrainingEvent.safeParse({ type: "explode" }).success).toBe(false);
  });

  it("names the run channel as ARCHITECTURE.md says", () => {
    expect(runChannel("abc")).toBe("run:abc");
  });
});
