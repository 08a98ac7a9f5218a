/**
 * Seeing through blocks: a Block node's shape, parameters and MACs are those of its block's
 * inner graph evaluated on the Block node's input shapes. Results are cached per block and input
 * shapes, so a DoubleConv used twenty times on the same shapes is analysed once.
 */
import {
  buildGraphIndex,
  topologicalOrder,
  type TGraphIndex,
  type TTopoOrder,
} from "../graph/topology";
import type { TGraphLike, TShape } from "../graph/types";
import type { TResolvedParams } from "../layers/params";
import { GraphEngine, type TEngineEnv } from "./graph-engine";
import { NO_DIAGNOSTICS, nodeError, nodeResult } from "./node-result";
import type { TDiagnostic, TNodeAnalysis } from "./types";

/** A block's graph structure (adjacency and order), the same for every input shape. */
export interface TBlockStructure {
  index: TGraphIndex;
  topo: TTopoOrder;
}

/**
 * Per analyzer, for the document's current `blocks`: `${blockId}|${shapes}` → the inner
 * evaluation, and per block its structure, built once for all the shapes a block is used on.
 */
export interface TBlockCache {
  evaluations: Map<string, TBlockEvaluation>;
  structures: Map<string, TBlockStructure>;
}

export function newBlockCache(): TBlockCache {
  return { evaluations: new Map(), structures: new Map() };
}

export interface TBlockEvaluation {
  engine: GraphEngine | null;
  shape: TShape | null;
  params: number;
  macs: number;
  /** Inner diagnostics, with `node` set to the inner node id. */
  diagnostics: TDiagnostic[];
}

/**
 * Evaluates block `blockId` on `inputs` (BlockInput port k receives `inputs[k]`), using and
 * filling `env.blockCache`.
 */
export function evaluateBlock(
  env: TEngineEnv,
  blockId: string,
  inputs: readonly TShape[],
): TBlockEvaluation {
  const key = `${blockId}|${inputs.map((s) => s.join(",")).join(";")}`;
  const cached = env.blockCache.evaluations.get(key);
  if (cached !== undefined) return cached;
  const block = env.blocks?.[blockId];
  if (block === undefined || !Array.isArray(block.nodes)) {
    return {
      engine: null,
      shape: null,
      params: 0,
      macs: 0,
      diagnostics: [
        {
          code: "invalid-param",
          severity: "error",
          message: `block "${blockId}" is not defined in the document's blocks`,
          hint: `Pick one of the document's blocks${env.blocks === undefined ? " (it has none)" : `: ${Object.keys(env.blocks).join(", ")}`}.`,
        },
      ],
    };
  }
  if (env.blockStack.includes(blockId)) {
    return {
      engine: null,
      shape: null,
      params: 0,
      macs: 0,
      diagnostics: [
        {
          code: "cycle",
          severity: "error",
          message: `block "${blockId}" contains itself (${[...env.blockStack, blockId].join(" → ")})`,
          hint: "A block cannot use itself, directly or through another block; replace that Block node.",
        },
      ],
    };
  }
  const graph: TGraphLike = {
    nodes: block.nodes,
    edges: Array.isArray(block.edges) ? block.edges : [],
  };
  let structure = env.blockCache.structures.get(blockId);
  if (structure === undefined) {
    const index = buildGraphIndex(graph);
    structure = { index, topo: topologicalOrder(index) };
    env.blockCache.structures.set(blockId, structure);
  }
  const engine = new GraphEngine(
    graph,
    {
      blocks: env.blocks,
      blockInputs: inputs,
      blockCache: env.blockCache,
      blockStack: [...env.blockStack, blockId],
    },
    structure,
  );
  let params = 0;
  let macs = 0;
  let shape: TShape | null = null;
  let outputs = 0;
  const diagnostics: TDiagnostic[] = [...engine.graphDiagnostics];
  for (const slot of engine.slots) {
    const r = slot.result!;
    params += r.params;
    macs += r.macs;
    for (const d of r.diagnostics) diagnostics.push(d);
    if (slot.node.type === "BlockOutput") {
      outputs++;
      shape = r.shape;
    }
  }
  if (outputs !== 1) {
    shape = null;
    diagnostics.push({
      code: "missing-input",
      severity: "error",
      message: `block "${blockId}" needs exactly one BlockOutput node, it has ${outputs}`,
      hint: "Mark the block's result with one BlockOutput node.",
    });
  }
  const ports = engine.slots.filter((s) => s.node.type === "BlockInput").length;
  if (ports !== inputs.length) {
    shape = null;
    diagnostics.push({
      code: ports > inputs.length ? "missing-input" : "too-many-inputs",
      severity: "error",
      message: `block "${blockId}" has ${ports} BlockInput node(s) but the Block node receives ${inputs.length} input(s)`,
      hint: `Connect ${ports} input(s) to the Block node (ports 0…${Math.max(0, ports - 1)}).`,
    });
  }
  const result: TBlockEvaluation = { engine, shape, params, macs, diagnostics };
  env.blockCache.evaluations.set(key, result);
  return result;
}

/** The analysis of a Block node: the block's output shape and totals, inner problems surfaced on it. */
export function evaluateBlockNode(
  env: TEngineEnv,
  id: string,
  resolved: TResolvedParams,
  inputs: TShape[],
): TNodeAnalysis {
  const blockId = resolved.params.block;
  if (typeof blockId !== "string") {
    return nodeResult(null, 0, 0, [
      nodeError(id, "invalid-param", `Block "${id}" needs params.block (the id of a block)`),
    ]);
  }
  const r = evaluateBlock(env, blockId, inputs);
  const label = env.blocks?.[blockId]?.label ?? blockId;
  const diagnostics: TDiagnostic[] = r.diagnostics.length === 0 ? NO_DIAGNOSTICS : [];
  for (const d of r.diagnostics) {
    const where = d.node === undefined ? "" : ` at "${d.node}"`;
    const out: TDiagnostic = {
      code: d.code,
      severity: d.severity,
      node: id,
      message: `in block "${label}"${where}: ${d.message}`,
    };
    if (d.hint !== undefined) out.hint = d.hint;
    diagnostics.push(out);
  }
  if (r.shape === null)
    return nodeResult(
      null,
      0,
      0,
      diagnostics.length > 0
        ? diagnostics
        : [nodeError(id, "invalid-param", `block "${label}" produced no output`)],
    );
  return nodeResult(r.shape, r.params, r.macs, diagnostics);
}
