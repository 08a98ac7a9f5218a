/**
 * The incremental measurement: one param edit on an existing analyzer, as the editor does on a
 * keystroke in the inspector. Toggling a middle convolution's width between two values makes
 * every run a real change (nothing is served from "same params" shortcuts).
 */
import { createAnalyzer } from "../src/analysis/analyze";
import type { TModelFlow } from "../src/graph/types";

/** A function applying one param change per call, or null when the graph has no convolution. */
export function incrementalStep(doc: TModelFlow): (() => void) | null {
  const convs = doc.nodes.filter((n) => n.type === "Conv2d");
  const target = convs[Math.floor(convs.length / 2)];
  if (!target) return null;
  const analyzer = createAnalyzer(doc);
  const base = typeof target.params.out_channels === "number" ? target.params.out_channels : 8;
  let flip = false;
  return () => {
    flip = !flip;
    analyzer.setParams(target.id, { ...target.params, out_channels: flip ? base + 1 : base });
  };
}
