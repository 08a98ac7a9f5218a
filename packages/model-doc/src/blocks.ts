import {
  BLOCK_ID_SEPARATOR,
  expandBlocks,
  type TBlockDef,
  type TBlocks,
  type TFlowEdge,
  type TFlowNode,
  type TModelFlow,
} from "@layerwise/graph-core";
import type * as Y from "yjs";
import { docToModelFlow, edgeIdFor, edgeToY, nodeToY } from "./convert";
import { LOCAL_ORIGIN } from "./edits";
import { EXTRA_KEY, ORDER_KEY, modelMaps } from "./schema";

/** Why a selection cannot become a block, or the ids of what was created. */
export type TGroupResult =
  { ok: true; nodeId: string; blockId: string } | { ok: false; reason: string };

function blocksOf(ydoc: Y.Doc): TBlocks {
  const extra = modelMaps(ydoc).meta.get(EXTRA_KEY) as Record<string, unknown> | undefined;
  return (extra?.blocks as TBlocks | undefined) ?? {};
}

function writeBlocks(ydoc: Y.Doc, blocks: TBlocks): void {
  const meta = modelMaps(ydoc).meta;
  const extra = { ...((meta.get(EXTRA_KEY) as Record<string, unknown> | undefined) ?? {}), blocks };
  meta.set(EXTRA_KEY, extra);
}

function fresh(taken: (id: string) => boolean, base: string): string {
  let i = 1;
  while (taken(`${base}_${i}`)) i++;
  return `${base}_${i}`;
}

/**
 * Replaces the selected nodes by one `Block` node whose definition (in the document's `blocks`)
 * holds them: one `BlockInput` per outside node feeding the selection (ports in edge order) and
 * a `BlockOutput` for the one node whose output leaves it. Analysis and codegen see through
 * blocks, so shapes, params and code stay the same.
 */
export function groupIntoBlock(
  ydoc: Y.Doc,
  ids: readonly string[],
  label = "Block",
  origin: unknown = LOCAL_ORIGIN,
): TGroupResult {
  const flow = docToModelFlow(ydoc);
  const inside = new Set(ids);
  const nodes = flow.nodes.filter((n) => inside.has(n.id));
  if (nodes.length < 2) return { ok: false, reason: "Select at least two layers to group." };
  if (nodes.some((n) => n.type === "Input" || n.type === "Output"))
    return { ok: false, reason: "Input and Output nodes stay outside blocks." };
  const incoming = flow.edges.filter((e) => inside.has(e.target) && !inside.has(e.source));
  const outgoing = flow.edges.filter((e) => inside.has(e.source) && !inside.has(e.target));
  const leaving = new Set(outgoing.map((e) => e.source));
  if (leaving.size === 0) {
    // Nothing consumes the selection yet (the end of a chain being built): its one sink is the output.
    const feeds = new Set(
      flow.edges.filter((e) => inside.has(e.source) && inside.has(e.target)).map((e) => e.source),
    );
    for (const n of nodes) if (!feeds.has(n.id)) leaving.add(n.id);
  }
  if (leaving.size !== 1)
    return {
      ok: false,
      reason:
        "A block has exactly one output: exactly one selected layer may feed layers outside the selection.",
    };
  const sources = [...new Set(incoming.map((e) => e.source))];
  if (sources.length === 0)
    return { ok: false, reason: "A block needs an input from outside the selection." };

  const blocks = blocksOf(ydoc);
  const blockId = fresh(
    (id) => id in blocks,
    label.toLowerCase().replace(/[^a-z0-9]+/g, "_") || "block",
  );
  const inner: TFlowNode[] = sources.map((s, port) => ({
    id: `in_${port}`,
    type: "BlockInput",
    params: { port },
  }));
  inner.push(...nodes.map((n) => structuredClone(n)), {
    id: "out",
    type: "BlockOutput",
    params: {},
  });
  const innerEdges: TFlowEdge[] = [
    ...incoming.map((e) => ({ ...e, source: `in_${sources.indexOf(e.source)}` })),
    ...flow.edges.filter((e) => inside.has(e.source) && inside.has(e.target)),
    { source: [...leaving][0]!, target: "out" },
  ];
  const def: TBlockDef = { label, nodes: inner, edges: innerEdges };
  const { nodes: yNodes, edges: yEdges } = modelMaps(ydoc);
  const nodeId = fresh((id) => yNodes.has(id), blockId);
  const anchor = nodes[0]!;
  ydoc.transact(() => {
    writeBlocks(ydoc, { ...blocks, [blockId]: def });
    for (const [id, y] of [...yEdges.entries()])
      if (inside.has(String(y.get("source"))) || inside.has(String(y.get("target"))))
        yEdges.delete(id);
    const order = Number(yNodes.get(anchor.id)?.get(ORDER_KEY) ?? 0);
    for (const n of nodes) yNodes.delete(n.id);
    yNodes.set(
      nodeId,
      nodeToY(
        {
          id: nodeId,
          type: "Block",
          params: { block: blockId },
          label,
          ...(anchor.position ? { position: anchor.position } : {}),
        },
        order,
      ),
    );
    const add = (e: TFlowEdge) =>
      yEdges.set(
        edgeIdFor(e, (id) => yEdges.has(id)),
        edgeToY(e, yEdges.size + 1e6),
      );
    sources.forEach((source, port) => add({ source, target: nodeId, port }));
    for (const e of outgoing) add({ ...e, source: nodeId });
  }, origin);
  return { ok: true, nodeId, blockId };
}

/**
 * Replaces a `Block` node by a copy of its layers (ids `<node>/<inner id>`, as graph-core's
 * `expandBlocks` names them), wired to the block's neighbours. The definition stays for other uses.
 */
export function expandBlock(ydoc: Y.Doc, nodeId: string, origin: unknown = LOCAL_ORIGIN): boolean {
  const flow = docToModelFlow(ydoc);
  const node = flow.nodes.find((n) => n.id === nodeId);
  if (!node || node.type !== "Block") return false;
  // Expand only this node: other Block nodes are hidden from expandBlocks under a neutral type.
  const only: TModelFlow = {
    ...flow,
    nodes: flow.nodes.map((n) =>
      n.type === "Block" && n.id !== nodeId ? { ...n, type: "__kept_block" } : n,
    ),
  };
  const expanded = expandBlocks(only);
  const prefix = `${nodeId}${BLOCK_ID_SEPARATOR}`;
  const added = expanded.nodes.filter((n) => n.id.startsWith(prefix));
  if (!added.length) return false;
  const edges = expanded.edges.filter(
    (e) => e.source.startsWith(prefix) || e.target.startsWith(prefix),
  );
  const base = node.position ?? { x: 0, y: 0 };
  const { nodes: yNodes, edges: yEdges } = modelMaps(ydoc);
  ydoc.transact(() => {
    for (const [id, y] of [...yEdges.entries()])
      if (y.get("source") === nodeId || y.get("target") === nodeId) yEdges.delete(id);
    const order = Number(yNodes.get(nodeId)?.get(ORDER_KEY) ?? 0);
    yNodes.delete(nodeId);
    added.forEach((n, i) => {
      const p = n.position;
      yNodes.set(
        n.id,
        nodeToY(
          { ...n, position: p ? { x: p.x, y: p.y } : { x: base.x + i * 40, y: base.y } },
          order + i / (added.length + 1),
        ),
      );
    });
    for (const e of edges)
      yEdges.set(
        edgeIdFor(e, (id) => yEdges.has(id)),
        edgeToY(e, yEdges.size + 1e6),
      );
  }, origin);
  return true;
}
