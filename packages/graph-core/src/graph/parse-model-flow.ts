import { describe, migrateModelFlow, type TParseError } from "./migrate-model-flow";
import type { TBlockDef, TBlocks, TFlowEdge, TFlowNode, TModelFlow, TParams } from "./types";

export type TParseResult = { ok: true; doc: TModelFlow } | { ok: false; errors: TParseError[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns the path of the first non-JSON value (NaN, Infinity, undefined, functions…) or null. */
function findNonJson(value: unknown, path: string): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findNonJson(value[i], `${path}[${i}]`);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      const bad = findNonJson(value[key], `${path}.${key}`);
      if (bad !== null) return bad;
    }
    return null;
  }
  return path;
}

function parseNode(raw: unknown, at: string, errors: TParseError[]): TFlowNode | null {
  if (!isRecord(raw)) {
    errors.push({ path: at, message: `expected a node object, got ${describe(raw)}` });
    return null;
  }
  const idText = typeof raw.id === "string" ? ` (id "${raw.id}")` : "";
  const before = errors.length;
  if (typeof raw.id !== "string" || raw.id.length === 0) {
    errors.push({
      path: `${at}.id`,
      message: `node${idText}: id must be a non-empty string, got ${describe(raw.id)}`,
    });
  }
  if (typeof raw.type !== "string" || raw.type.length === 0) {
    errors.push({
      path: `${at}.type`,
      message: `node${idText}: type must be a non-empty string (a torch.nn class name or Input/Output/Concat/Add/Multiply/Block), got ${describe(raw.type)}`,
    });
  }
  // Missing params are read as {} (every param has a default or is reported by analysis).
  if (raw.params !== undefined) {
    if (!isRecord(raw.params)) {
      errors.push({
        path: `${at}.params`,
        message: `node${idText}: params must be an object, got ${describe(raw.params)}`,
      });
    } else {
      const bad = findNonJson(raw.params, `${at}.params`);
      if (bad !== null)
        errors.push({
          path: bad,
          message: `node${idText}: params must hold JSON values only (finite numbers, strings, booleans, null, arrays, objects)`,
        });
    }
  }
  if (raw.position !== undefined) {
    const p = raw.position;
    if (
      !isRecord(p) ||
      typeof p.x !== "number" ||
      typeof p.y !== "number" ||
      !Number.isFinite(p.x) ||
      !Number.isFinite(p.y)
    ) {
      errors.push({
        path: `${at}.position`,
        message: `node${idText}: position must be {"x": number, "y": number}`,
      });
    }
  }
  if (raw.label !== undefined && typeof raw.label !== "string") {
    errors.push({
      path: `${at}.label`,
      message: `node${idText}: label must be a string, got ${describe(raw.label)}`,
    });
  }
  if (errors.length !== before) return null;
  // Spread keeps unknown fields (group, UI hints) so that a round trip loses nothing.
  return { ...raw, params: (raw.params ?? {}) as TParams } as TFlowNode;
}

function parseEdge(raw: unknown, at: string, errors: TParseError[]): TFlowEdge | null {
  if (!isRecord(raw)) {
    errors.push({
      path: at,
      message: `expected an edge object {"source", "target", "port"?}, got ${describe(raw)}`,
    });
    return null;
  }
  const before = errors.length;
  for (const field of ["source", "target"] as const) {
    if (typeof raw[field] !== "string" || (raw[field] as string).length === 0) {
      errors.push({
        path: `${at}.${field}`,
        message: `edge ${field} must be a node id (non-empty string), got ${describe(raw[field])}`,
      });
    }
  }
  if (
    raw.port !== undefined &&
    (typeof raw.port !== "number" || !Number.isInteger(raw.port) || raw.port < 0)
  ) {
    errors.push({
      path: `${at}.port`,
      message: `edge port must be a non-negative integer (0, 1, …), got ${describe(raw.port)}`,
    });
  }
  return errors.length === before ? ({ ...raw } as TFlowEdge) : null;
}

/** Parses a node list and an edge list (document or block), reporting duplicate ids. */
function parseGraph(
  raw: Record<string, unknown>,
  at: string,
  errors: TParseError[],
): { nodes: TFlowNode[]; edges: TFlowEdge[] } {
  const prefix = at === "" ? "" : `${at}.`;
  const nodes: TFlowNode[] = [];
  const edges: TFlowEdge[] = [];
  if (!Array.isArray(raw.nodes)) {
    errors.push({
      path: `${prefix}nodes`,
      message: `expected an array of nodes, got ${describe(raw.nodes)}`,
    });
  } else {
    const seen = new Map<string, number>();
    raw.nodes.forEach((n, i) => {
      const node = parseNode(n, `${prefix}nodes[${i}]`, errors);
      if (node === null) return;
      const first = seen.get(node.id);
      if (first !== undefined) {
        errors.push({
          path: `${prefix}nodes[${i}].id`,
          message: `duplicate node id "${node.id}" (first used by ${prefix}nodes[${first}])`,
        });
        return;
      }
      seen.set(node.id, i);
      nodes.push(node);
    });
  }
  if (raw.edges === undefined) return { nodes, edges };
  if (!Array.isArray(raw.edges)) {
    errors.push({
      path: `${prefix}edges`,
      message: `expected an array of edges, got ${describe(raw.edges)}`,
    });
  } else {
    raw.edges.forEach((e, i) => {
      const edge = parseEdge(e, `${prefix}edges[${i}]`, errors);
      if (edge !== null) edges.push(edge);
    });
  }
  return { nodes, edges };
}

function parseBlocks(raw: unknown, errors: TParseError[]): TBlocks | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    errors.push({
      path: "blocks",
      message: `expected an object mapping block ids to blocks, got ${describe(raw)}`,
    });
    return undefined;
  }
  const blocks: TBlocks = {};
  for (const id of Object.keys(raw)) {
    const at = `blocks.${id}`;
    const b = raw[id];
    if (!isRecord(b)) {
      errors.push({
        path: at,
        message: `expected a block {"label", "nodes", "edges"}, got ${describe(b)}`,
      });
      continue;
    }
    if (typeof b.label !== "string") {
      errors.push({
        path: `${at}.label`,
        message: `block label must be a string, got ${describe(b.label)}`,
      });
    }
    const { nodes, edges } = parseGraph(b, at, errors);
    const outputs = nodes.filter((n) => n.type === "BlockOutput").length;
    const inputs = nodes.filter((n) => n.type === "BlockInput").length;
    if (outputs !== 1)
      errors.push({
        path: `${at}.nodes`,
        message: `a block needs exactly one BlockOutput node, found ${outputs}`,
      });
    if (inputs < 1)
      errors.push({ path: `${at}.nodes`, message: "a block needs at least one BlockInput node" });
    blocks[id] = { ...b, label: String(b.label), nodes, edges } as TBlockDef;
  }
  return blocks;
}

/**
 * Validates unknown JSON as a model-flow document (migrating older versions first).
 * Errors name the place (`nodes[3].type`), the node id when known and what was expected;
 * all errors are collected, not just the first. Unknown fields are preserved. Edges that point
 * at missing nodes are accepted here (the editor can hold them briefly) and reported by analysis
 * as `dangling-edge`.
 */
export function parseModelFlow(json: unknown): TParseResult {
  const migrated = migrateModelFlow(json);
  if (!migrated.ok) return migrated;
  const raw = migrated.value;
  const errors: TParseError[] = [];
  if (typeof raw.name !== "string") {
    errors.push({
      path: "name",
      message: `expected the model name as a string, got ${describe(raw.name)}`,
    });
  }
  const { nodes, edges } = parseGraph(raw, "", errors);
  const blocks = parseBlocks(raw.blocks, errors);
  if (errors.length > 0) return { ok: false, errors };
  const doc = { ...raw, nodes, edges } as TModelFlow;
  if (blocks !== undefined) doc.blocks = blocks;
  return { ok: true, doc };
}
