import { describe, expect, it } from "vitest";
import { formatCount, formatInteger } from "./format-count";

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1234, "1.2K"],
    [7_600_000, "7.60M"],
    [2_500_000_000, "2.50G"],
    [577_000_000_000, "577.00G"],
    [3.2e13, "32.00T"],
    [1e18, "1.00E"],
    [1e20, "100.00E"],
    [1e21, "1.00×10²¹"],
    [9.999e22, "1.00×10²³"],
    [1.5e300, "1.50×10³⁰⁰"],
    [Infinity, "∞"],
  ])("%d → %s", (n, text) => expect(formatCount(n)).toBe(text));

  it("takes a bigint", () => expect(formatCount(12_345_678_901_234_567_890n)).toBe("12.35E"));
});

describe("formatInteger", () => {
  it.each([
    [0, "0"],
    [61_706, "61,706"],
    [-1234, "-1,234"],
    [1e20, "100,000,000,000,000,000,000"],
    // toLocaleString prints 1,152,921,504,606,847,000 here: rounded to 17 digits.
    [2 ** 60, "1,152,921,504,606,846,976"],
  ])("%d → %s", (n, text) => expect(formatInteger(n)).toBe(text));

  it("is exact for a bigint past 2^53", () =>
    expect(formatInteger(123_456_789_012_345_678_901n)).toBe("123,456,789,012,345,678,901"));
});
