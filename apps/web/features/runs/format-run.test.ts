import { describe, expect, it } from "vitest";
import { formatBest, formatDuration, nextSort, runsHref } from "./format-run";

describe("runs table formatting", () => {
  it.each([
    [null, "—"],
    [4_000, "4s"],
    [585_000, "9m 45s"],
    [3_725_000, "1h 2m"],
  ])("formats a duration of %s ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("shows IoU / Dice for segmentation, accuracy for classification, a dash without epochs", () => {
    expect(formatBest({ epoch: 3, val_iou: 0.4931, val_dice: 0.66 })).toBe("0.493 / 0.660");
    expect(formatBest({ epoch: 3, val_iou: null, val_dice: null, val_acc: 0.93 })).toBe(
      "acc 0.930",
    );
    expect(formatBest(null)).toBe("—");
  });

  it("keeps filters and sort in the URL, leaving the defaults out", () => {
    expect(runsHref("p1", { sort: "created", order: "desc" })).toBe("/projects/p1/runs");
    expect(runsHref("p1", { status: "failed", sort: "best", order: "asc" })).toBe(
      "/projects/p1/runs?status=failed&sort=best&order=asc",
    );
  });

  it("flips the order on the sorted column and starts another column descending", () => {
    expect(nextSort({ sort: "best", order: "desc" }, "best")).toMatchObject({ order: "asc" });
    expect(nextSort({ sort: "best", order: "asc" }, "best")).toMatchObject({ order: "desc" });
    expect(nextSort({ sort: "best", order: "asc" }, "duration")).toMatchObject({
      sort: "duration",
      order: "desc",
    });
    expect(nextSort({}, "created")).toMatchObject({ order: "asc" });
  });
});
