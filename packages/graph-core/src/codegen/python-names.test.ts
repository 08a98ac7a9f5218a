import { describe, expect, it } from "vitest";
import { PyNamer, pyClassName, pyComment, pyString } from "./python-names";

const HOSTILE = [
  "a\nb",
  'say "hi"',
  '"""',
  "x\u2028y\u2029z",
  "__import__('os').system('rm -rf /')",
  "back\\slash",
  "tab\tand\rcr",
  "emoji 🧠",
  "\u0000nul",
  "# comment",
];

describe("PyNamer", () => {
  it.each(HOSTILE)("turns %j into a plain identifier", (id) => {
    const name = new PyNamer().name(id);
    expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
  });

  it("deduplicates, is stable per id, and avoids keywords and nn.Module attributes", () => {
    const n = new PyNamer();
    expect(n.name("conv-1")).toBe("conv_1");
    expect(n.name("conv 1")).toBe("conv_1_2");
    expect(n.name("conv-1")).toBe("conv_1");
    expect(n.name("class")).toBe("class_");
    expect(n.name("forward")).toBe("forward_");
    expect(n.name("training")).toBe("training_");
    expect(n.name("input")).toBe("input_");
    expect(n.name("1x1")).toBe("n_1x1");
    expect(n.name("__init__")).toBe("init");
    expect(n.name("???")).toBe("node");
    expect(n.name("!!!")).toBe("node_2");
  });
});

describe("pyString / pyComment", () => {
  it.each(HOSTILE)("keeps %j on one printable ASCII line that round-trips", (text) => {
    const lit = pyString(text);
    expect(lit).toMatch(/^"[\x20-\x7e]*"$/);
    expect(lit.slice(1, -1)).not.toMatch(/(^|[^\\])(\\\\)*"/);
    expect(pyComment("label ", text)).toMatch(/^# label "[\x20-\x7e]*"$/);
  });
});

describe("pyClassName", () => {
  it.each([
    ["U-Net (small, binary)", "UNetSmallBinary"],
    ["resnet18", "Resnet18"],
    ["18 layers", "Network18Layers"],
    ["", "Network"],
    ['"""; import os', "ImportOs"],
    ["None", "None_"],
  ])("%j → %s", (text, expected) => {
    expect(pyClassName(text)).toBe(expected);
  });
});
