import { isValidElement } from "react";
import { describe, expect, it } from "vitest";
import { highlightPython } from "./highlight-python";

describe("highlightPython", () => {
  it("keeps the source text and marks keywords, numbers, strings and comments", () => {
    const src = 'import torch\n# c\nx = nn.Conv2d(3, 64, padding="same")\n';
    const parts = highlightPython(src);
    const text = parts
      .map((p) =>
        typeof p === "string" ? p : isValidElement<{ children: string }>(p) ? p.props.children : "",
      )
      .join("");
    expect(text).toBe(src);
    const classes = parts
      .filter(isValidElement)
      .map((p) => (p.props as { className: string }).className);
    expect(classes.some((c) => c.includes("violet"))).toBe(true);
    expect(classes.some((c) => c.includes("orange"))).toBe(true);
    expect(classes.some((c) => c.includes("emerald"))).toBe(true);
    expect(classes.some((c) => c.includes("italic"))).toBe(true);
  });
});
