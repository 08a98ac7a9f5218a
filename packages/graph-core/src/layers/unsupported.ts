/**
 * UnsupportedOp: an operation of an imported model that graph-core has no layer for
 * (`torch.roll`, `x[:, :1]`, an `nn.Module` outside the catalogue). The importer keeps it as a
 * node carrying the output shape the trace saw, so the rest of the graph still analyses; code
 * generation refuses it, naming the operation and where it came from.
 */
import { CodegenError } from "../codegen/emit-graph";
import { diagnostic, ok } from "../shape/result";
import { intList, intParam, strParam } from "./params";
import type { TLayerContext, TLayerDef } from "./types";

function where(ctx: TLayerContext): string {
  const op = strParam(ctx.params, "op") ?? "an operation";
  const source = strParam(ctx.params, "source");
  return source === null ? op : `${op} (${source})`;
}

const UNSUPPORTED_OP: TLayerDef = {
  type: "UnsupportedOp",
  family: "unsupported",
  label: "Unsupported op",
  description:
    "An operation of an imported model that graph-core cannot express; it passes on the output shape seen when the model was traced.",
  aliases: ["unsupported", "unknown op", "imported op"],
  params: [
    {
      name: "op",
      label: "Operation",
      tooltip: "The torch call or module the importer could not map, e.g. torch.roll.",
      spec: { kind: "string" },
    },
    {
      name: "shape",
      label: "Traced shape",
      tooltip: "The output shape (without batch) the importer recorded for this operation.",
      spec: { kind: "int-list", min: 0, minLength: 0 },
    },
    {
      name: "source",
      label: "Source",
      tooltip: "Where the operation is in the imported code (file:line).",
      spec: { kind: "string" },
      nullable: true,
      default: null,
    },
    {
      name: "param_count",
      label: "Parameters",
      tooltip: "Parameters the operation holds in torch (an unmapped module's weights).",
      spec: { kind: "int", min: 0 },
      default: 0,
    },
  ],
  // One input or several (an unmapped op may combine branches), ordered by port.
  inputs: "variadic",
  orderRole: null,
  inferShape: (ctx) =>
    ok(intList(ctx.params, "shape"), [
      diagnostic(
        ctx,
        "unsupported-op",
        "warning",
        `${where(ctx)} has no graph-core layer; the shape recorded by the import is used`,
        "Replace it with layers (or keep it for analysis only: code generation refuses it).",
      ),
    ]),
  paramCount: (ctx) => intParam(ctx.params, "param_count"),
  macs: () => 0,
  toPyTorch(ctx) {
    throw new CodegenError(
      `Node ${JSON.stringify(ctx.nodeId)} is ${where(ctx)}, an operation graph-core cannot generate code for; replace it with layers first.`,
      [],
    );
  },
};

/** The unsupported family: placeholders for imported operations without a layer. */
export const UNSUPPORTED_LAYERS: readonly TLayerDef[] = [UNSUPPORTED_OP];
