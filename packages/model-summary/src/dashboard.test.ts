import { loadTemplate } from "@layerwise/graph-core";
import { describe, expect, it } from "vitest";
import { summarizeForDashboard } from "./index";

describe("summarizeForDashboard", () => {
  it("counts LeNet-5's 61,706 parameters and draws one box per layer", () => {
    const model = loadTemplate("lenet5");
    const { summary, thumbnail } = summarizeForDashboard(model);
    expect(summary).toMatchObject({ nodeCount: model.nodes.length, totalParams: 61_706 });
    expect(thumbnail.nodes).toHaveLength(model.nodes.length);
    expect(thumbnail.edges).toHaveLength(model.edges.length);
  });
});
