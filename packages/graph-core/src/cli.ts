/**
 * `graph-core` command line (ARCHITECTURE.md, "graph-core CLI"). The only file of the package
 * that touches Node APIs; bin/graph-core.mjs loads it through tsx.
 *
 * Exit codes: 0 ok, 1 the model has error diagnostics, 2 usage error or a file that cannot be
 * read / is not a model-flow document (the message goes to stderr).
 */
import { readFile } from "node:fs/promises";
import { analyze } from "./analysis/analyze";
import type { TAnalysis } from "./analysis/types";
import { CodegenError } from "./codegen/emit-graph";
import { generatePyTorch } from "./codegen/generate-pytorch";
import { diffModels } from "./diff/diff-models";
import { parseModelFlow } from "./graph/parse-model-flow";
import type { TModelFlow, TPosition } from "./graph/types";
import { getLayerDef } from "./layers/registry";
import { applyLayout, layoutModel, type TLayoutMode } from "./layout/layout-model";

/** Where the CLI writes; injectable so tests can run it in-process. */
export interface TCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readText: (file: string) => Promise<string>;
}

const USAGE = `usage:
  graph-core infer FILE...                 shapes, params and diagnostics, one JSON line per file
  graph-core diff A B                      structural diff of two model-flow documents
  graph-core codegen FILE                  the PyTorch module source
  graph-core layout FILE --mode simple|unet [--keep]
                                           the document with positions filled in
                                           (--keep: start from the positions it has)`;

const EXIT_OK = 0;
const EXIT_MODEL_ERROR = 1;
const EXIT_USAGE = 2;

class InputError extends Error {}

const NODE_IO: TCliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readText: (f) => readFile(f, "utf8"),
};

/** Runs one CLI invocation; resolves to the exit code. Never throws for bad input. */
export async function main(argv: readonly string[], io: TCliIo = NODE_IO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "infer":
        return await infer(rest, io);
      case "diff":
        return await diff(rest, io);
      case "codegen":
        return await codegen(rest, io);
      case "layout":
        return await layout(rest, io);
      case "-h":
      case "--help":
      case "help":
        io.stdout(`${USAGE}\n`);
        return EXIT_OK;
      default:
        io.stderr(
          `${command === undefined ? "missing command" : `unknown command "${command}"`}\n${USAGE}\n`,
        );
        return EXIT_USAGE;
    }
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`graph-core: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

async function infer(files: string[], io: TCliIo): Promise<number> {
  if (files.length === 0) throw new InputError(`infer needs at least one FILE\n${USAGE}`);
  let code = EXIT_OK;
  for (const file of files) {
    let doc: TModelFlow;
    try {
      doc = await load(file, io);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      io.stderr(`graph-core: ${error.message}\n`);
      code = EXIT_USAGE;
      continue;
    }
    const analysis = analyze(doc);
    io.stdout(`${JSON.stringify(inferRecord(file, doc, analysis))}\n`);
    if (analysis.errorCount > 0 && code === EXIT_OK) code = EXIT_MODEL_ERROR;
  }
  return code;
}

/** The `infer` output object for one file (document order of nodes). */
export function inferRecord(file: string, doc: TModelFlow, analysis: TAnalysis): object {
  const nodes: Record<string, object> = {};
  for (const n of doc.nodes) {
    const a = analysis.nodes.get(n.id);
    if (!a || Object.prototype.hasOwnProperty.call(nodes, n.id)) continue;
    nodes[n.id] = {
      shape: a.shape === null ? null : [...a.shape],
      params: a.params,
      diagnostics: a.diagnostics,
    };
  }
  return { file, nodes, diagnostics: analysis.diagnostics, totalParams: analysis.totalParams };
}

async function diff(args: string[], io: TCliIo): Promise<number> {
  if (args.length !== 2) throw new InputError(`diff needs exactly two files\n${USAGE}`);
  const [a, b] = await Promise.all([load(args[0]!, io), load(args[1]!, io)]);
  io.stdout(`${JSON.stringify(diffModels(a, b, { lookup: getLayerDef }))}\n`);
  return EXIT_OK;
}

async function codegen(args: string[], io: TCliIo): Promise<number> {
  if (args.length !== 1) throw new InputError(`codegen needs exactly one file\n${USAGE}`);
  const doc = await load(args[0]!, io);
  try {
    io.stdout(generatePyTorch(doc, analyze(doc), { lookup: getLayerDef }));
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof CodegenError)) throw error;
    io.stderr(`graph-core: ${args[0]}: ${error.message}\n`);
    return EXIT_MODEL_ERROR;
  }
}

async function layout(args: string[], io: TCliIo): Promise<number> {
  const files: string[] = [];
  let mode: TLayoutMode | undefined;
  let keep = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--keep") keep = true;
    else if (arg === "--mode" || arg.startsWith("--mode=")) {
      const value = arg === "--mode" ? args[++i] : arg.slice("--mode=".length);
      if (value !== "simple" && value !== "unet")
        throw new InputError(`--mode must be simple or unet\n${USAGE}`);
      mode = value;
    } else if (arg.startsWith("-")) throw new InputError(`unknown option "${arg}"\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1 || mode === undefined)
    throw new InputError(`layout needs one FILE and --mode\n${USAGE}`);
  const doc = await load(files[0]!, io);
  const analysis = analyze(doc);
  const previous = new Map<string, TPosition>();
  if (keep) for (const n of doc.nodes) if (n.position) previous.set(n.id, n.position);
  const positions = layoutModel(doc, analysis, { mode, lookup: getLayerDef, previous });
  io.stdout(`${JSON.stringify(applyLayout(doc, positions), null, 2)}\n`);
  return EXIT_OK;
}

async function load(file: string, io: TCliIo): Promise<TModelFlow> {
  let text: string;
  try {
    text = await io.readText(file);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseModelFlow(json);
  if (!parsed.ok) {
    const reasons = parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join("\n");
    throw new InputError(`${file} is not a model-flow v1 document:\n${reasons}`);
  }
  return parsed.doc;
}
