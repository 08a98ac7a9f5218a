/**
 * Property tests for the activation, dropout, reshape, linear, attention and embedding families:
 * whatever params and input shapes a document holds, a layer answers with a shape or with
 * diagnostics that say why — it never throws (analysis would report "could not be evaluated") —
 * and whenever it gives a shape, it can emit PyTorch for it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateLayer } from "../analysis/evaluate-layer";
import type { TJsonValue, TParams } from "../graph/types";
import { ACTIVATION_LAYERS } from "./activation";
import { ATTENTION_LAYERS } from "./attention";
import { DROPOUT_LAYERS } from "./dropout";
import { EMBEDDING_LAYERS } from "./embedding";
import { LINEAR_LAYERS } from "./linear";
import { RESHAPE_LAYERS } from "./reshape";
import type { TLayerDef, TParamDef } from "./types";

const DEFS: readonly TLayerDef[] = [
  ...ACTIVATION_LAYERS,
  ...DROPOUT_LAYERS,
  ...RESHAPE_LAYERS,
  ...LINEAR_LAYERS,
  ...ATTENTION_LAYERS,
  ...EMBEDDING_LAYERS,
];

/** Plausible values for one param (right kind, any range) or, sometimes, a wrong kind. */
function paramValue(p: TParamDef): fc.Arbitrary<TJsonValue> {
  const wrong = fc.oneof(
    fc.constant(null),
    fc.string(),
    fc.constant<TJsonValue>([1, "x"]),
    fc.constant(1.5),
  );
  const spec = p.spec;
  let right: fc.Arbitrary<TJsonValue>;
  switch (spec.kind) {
    case "int":
      right = fc.integer({ min: -6, max: 64 });
      break;
    case "float":
      right = fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constant(0));
      break;
    case "bool":
      right = fc.boolean();
      break;
    case "enum":
      right = fc.constantFrom(...spec.values, "bogus");
      break;
    case "int-list":
      right = fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 4 });
      break;
    default:
      right = fc.integer({ min: 0, max: 8 });
  }
  return fc.oneof({ weight: 9, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

function paramsFor(def: TLayerDef): fc.Arbitrary<TParams> {
  const entries = def.params.map((p) =>
    fc.option(paramValue(p), { nil: undefined }).map((v) => [p.name, v] as const),
  );
  return fc.tuple(...entries).map((pairs) => {
    const out: TParams = {};
    for (const [name, v] of pairs) if (v !== undefined) out[name] = v;
    return out;
  });
}

const SHAPE = fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 0, maxLength: 5 });

describe("my layer families never throw", () => {
  it.each(DEFS.map((d) => [d.type, d] as const))("%s", (_, def) => {
    fc.assert(
      fc.property(paramsFor(def), SHAPE, (params, shape) => {
        const r = evaluateLayer(def, params, [shape]);
        const crashed = r.diagnostics.find((d) => d.message.includes("could not be evaluated"));
        expect(crashed, JSON.stringify({ params, shape })).toBeUndefined();
        if (r.shape === null) {
          expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
          return;
        }
        expect(r.shape.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
        expect(Number.isInteger(r.params) && r.params >= 0).toBe(true);
        const emission = def.toPyTorch({ nodeId: "n", params: r.resolved, inputs: [shape] });
        // A module, or (tensor methods such as Transpose) a forward expression over the input.
        if (emission.module === null) expect(emission.forward?.(["x"], "self")).toMatch(/^x\./);
        else expect(emission.module).toMatch(/^nn\.\w+\(.*\)$/);
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});
