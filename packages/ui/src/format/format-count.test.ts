import { describe, expect, it } from "vitest";
import { formatCount } from "./format-count";

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1234, "1.2K"],
    [7_600_000, "7.60M"],
    [2_500_000_000, "2.50G"],
  ])("%d → %s", (n, text) => expect(formatCount(n)).toBe(text));
});
