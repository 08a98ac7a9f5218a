import type { TDiagnostic } from "../analysis/types";
import type { TBlockDef, TBlocks, TShape } from "../graph/types";
import { resolveParams } from "../layers/params";
import type { TLayerDef } from "../layers/types";
import { CodegenError, emitGraph, graphOrder, type TRenderedGraph } from "./emit-graph";
import { pyClassName, pyComment } from "./python-names";

/** A literal number inside a module expression (not the digit of `Conv2d`). */
const NUMBER = /(?<![A-Za-z0-9_.])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

interface TUsage {
  blockId: string;
  /** Placeholder put in the outer graph's init line until the class is known. */
  token: string;
  rendered: TRenderedGraph;
  outputShape: TShape;
  /** Final constructor expression, set by `finish`. */
  call?: string;
}

/** A generated submodule class. */
export interface TBlockClass {
  name: string;
  source: string;
}

/**
 * Builds one `nn.Module` class per reusable block. The same block used at different input sizes
 * (a DoubleConv after 3 and after 64 channels) shares one class: the numbers that differ between
 * uses become `__init__` arguments; numbers that agree stay literal. Uses whose code differs in
 * anything but numbers get a class of their own (`Name_2`).
 */
export class BlockClassBuilder {
  private readonly usages = new Map<string, TUsage>();
  private readonly stack: string[] = [];
  private readonly order: string[] = [];
  private readonly classNames = new Set<string>();
  private readonly built: TBlockClass[] = [];

  constructor(
    private readonly blocks: TBlocks,
    private readonly lookup: (type: string) => TLayerDef | undefined,
    reservedNames: Iterable<string>,
  ) {
    for (const n of reservedNames) this.classNames.add(n);
  }

  /** Records a use of `blockId` with these inputs; returns a placeholder for the constructor. */
  instantiate(blockId: string, inputs: TShape[], nodeId: string): string {
    return this.use(blockId, inputs, nodeId).token;
  }

  /** Records a use and returns it (shape of its output included). */
  use(blockId: string, inputs: TShape[], nodeId: string): TUsage {
    const key = JSON.stringify([blockId, inputs]);
    const known = this.usages.get(key);
    if (known) return known;
    const block = Object.prototype.hasOwnProperty.call(this.blocks, blockId)
      ? this.blocks[blockId]
      : undefined;
    if (!block)
      throw new CodegenError(
        `Node ${JSON.stringify(nodeId)} uses a block that does not exist.`,
        [],
      );
    if (this.stack.includes(blockId)) throw new CodegenError("A block contains itself.", []);
    this.stack.push(blockId);
    try {
      const shapes = this.propagate(block, inputs);
      const order = graphOrder(block);
      const rendered = emitGraph(block, order, (id) => shapes.get(id) ?? null, {
        lookup: this.lookup,
        instantiateBlock: (inner, innerInputs, innerId) =>
          this.instantiate(inner, innerInputs, innerId),
      });
      const outId = block.nodes.find((n) => n.type === "BlockOutput")?.id;
      const outputShape = outId !== undefined ? shapes.get(outId) : undefined;
      if (!outputShape)
        throw new CodegenError(`Block ${JSON.stringify(blockId)} has no output shape.`, []);
      const usage: TUsage = {
        blockId,
        token: `@@block${this.usages.size}@@`,
        rendered,
        outputShape,
      };
      this.usages.set(key, usage);
      if (!this.order.includes(blockId)) this.order.push(blockId);
      return usage;
    } finally {
      this.stack.pop();
    }
  }

  /** Resolves every placeholder in `rendered` (the model body) and returns the classes, inner first. */
  finish(rendered: TRenderedGraph): TBlockClass[] {
    // `order` lists a block after every block it uses (inner uses finish first).
    for (const blockId of this.order) this.buildClasses(blockId);
    this.resolve(rendered);
    return this.built;
  }

  private resolve(rendered: TRenderedGraph): void {
    const byToken = new Map([...this.usages.values()].map((u) => [u.token, u]));
    for (const line of rendered.init) {
      const u = byToken.get(line.module);
      if (u) {
        if (u.call === undefined)
          throw new CodegenError("Block classes resolved out of order.", []);
        line.module = u.call;
      }
    }
  }

  private buildClasses(blockId: string): void {
    const usages = [...this.usages.values()].filter((u) => u.blockId === blockId);
    for (const u of usages) this.resolve(u.rendered);
    const groups = new Map<string, TUsage[]>();
    for (const u of usages) {
      const sig = signature(u.rendered);
      const g = groups.get(sig);
      if (g) g.push(u);
      else groups.set(sig, [u]);
    }
    const block = this.blocks[blockId]!;
    const base = pyClassName(block.label || blockId, "Block");
    for (const group of groups.values()) {
      let name = base;
      for (let i = 2; this.classNames.has(name); i++) name = `${base}_${i}`;
      this.classNames.add(name);
      this.built.push({ name, source: renderClass(name, blockId, block, group) });
    }
  }

  /** Output shape of every inner node for one use, with the catalogue's own shape functions. */
  private propagate(block: TBlockDef, inputs: TShape[]): Map<string, TShape> {
    const shapes = new Map<string, TShape>();
    const preds = new Map<string, { id: string; port: number; i: number }[]>();
    block.edges.forEach((e, i) => {
      const list = preds.get(e.target) ?? [];
      list.push({
        id: e.source,
        port: typeof e.port === "number" ? e.port : Number.MAX_SAFE_INTEGER,
        i,
      });
      preds.set(e.target, list);
    });
    const byId = new Map(block.nodes.map((n) => [n.id, n]));
    for (const id of graphOrder(block)) {
      const node = byId.get(id)!;
      const ins = (preds.get(id) ?? [])
        .sort((a, b) => a.port - b.port || a.i - b.i)
        .map((p) => shapes.get(p.id));
      if (ins.some((s) => s === undefined)) continue;
      const inShapes = ins as TShape[];
      if (node.type === "BlockInput") {
        const port = typeof node.params?.port === "number" ? node.params.port : 0;
        const s = inputs[port];
        if (s) shapes.set(id, s);
      } else if (node.type === "BlockOutput") {
        if (inShapes[0]) shapes.set(id, inShapes[0]);
      } else if (node.type === "Block") {
        const inner = typeof node.params?.block === "string" ? node.params.block : "";
        shapes.set(id, this.use(inner, inShapes, id).outputShape);
      } else {
        const def = this.lookup(node.type);
        if (!def)
          throw new CodegenError(`Unknown layer type in block: ${JSON.stringify(node.type)}.`, []);
        const resolved = resolveParams(def, node.params, id);
        if (resolved.hasError)
          throw new CodegenError("Invalid params in a block.", resolved.diagnostics);
        const r = def.inferShape({ nodeId: id, params: resolved.params, inputs: inShapes });
        if (!r.ok)
          throw new CodegenError(
            "A block's shapes do not work out.",
            r.diagnostics as TDiagnostic[],
          );
        shapes.set(id, r.shape);
      }
    }
    return shapes;
  }
}

/** Everything about a rendered body except the literal numbers in module expressions. */
function signature(r: TRenderedGraph): string {
  return JSON.stringify([
    r.args,
    r.returns,
    r.forward,
    r.init.map((l) => [l.attr, l.comment ?? "", l.module.replace(NUMBER, "#")]),
  ]);
}

function renderClass(name: string, blockId: string, block: TBlockDef, group: TUsage[]): string {
  const first = group[0]!;
  // Per init line, the literal numbers of each use: numbers[line][slot][use].
  const numbers = first.rendered.init.map((_, li) =>
    group.map((u) => u.rendered.init[li]!.module.match(NUMBER) ?? []),
  );
  const params: string[] = [];
  const paramByVector = new Map<string, string>();
  const calls: string[][] = group.map(() => []);
  const modules = first.rendered.init.map((line, li) => {
    let slot = 0;
    return line.module.replace(NUMBER, (literal) => {
      const values = numbers[li]!.map((m) => m[slot] ?? literal);
      const position = slot++;
      if (values.every((v) => v === values[0])) return literal;
      const vectorKey = JSON.stringify(values);
      let param = paramByVector.get(vectorKey);
      if (!param) {
        param = position === 0 ? `${line.attr}_in` : `${line.attr}_arg${position}`;
        while (params.includes(param)) param = `${param}_`;
        params.push(param);
        paramByVector.set(vectorKey, param);
        values.forEach((v, ui) => calls[ui]!.push(v));
      }
      return param;
    });
  });
  group.forEach((u, ui) => (u.call = `${name}(${calls[ui]!.join(", ")})`));

  const lines = [`class ${name}(nn.Module):`, `    ${pyComment("block ", blockId)}`];
  if (block.label) lines.push(`    ${pyComment("label ", block.label)}`);
  lines.push(
    `    def __init__(self${params.map((p) => `, ${p}`).join("")}):`,
    "        super().__init__()",
  );
  first.rendered.init.forEach((line, i) => {
    if (line.comment) lines.push(`        ${line.comment}`);
    lines.push(`        self.${line.attr} = ${modules[i]}`);
  });
  lines.push("", ...renderForward(first.rendered));
  return lines.join("\n");
}

/** The `forward` method of a rendered body, indented for a class. */
export function renderForward(r: TRenderedGraph): string[] {
  const lines = [`    def forward(self${r.args.map((a) => `, ${a}`).join("")}):`];
  for (const l of r.forward) lines.push(`        ${l}`);
  const ret = r.returns.length === 0 ? "None" : r.returns.join(", ");
  lines.push(`        return ${ret}`);
  return lines;
}
