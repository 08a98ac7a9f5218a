/**
 * `graph-core` command line (ARCHITECTURE.md, "graph-core CLI"). The only file of the package
 * that touches Node APIs; bin/graph-core.mjs loads it through tsx.
 *
 * Exit codes: 0 ok, 1 the model has error diagnostics, 2 usage error or a file that cannot be
 * read / is not a model-flow document (the message goes to stderr).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "./analysis/analyze";
import type { TAnalysis } from "./analysis/types";
import { CodegenError } from "./codegen/emit-graph";
import { generatePyTorch } from "./codegen/generate-pytorch";
import { diffModels } from "./diff/diff-models";
import { parseModelFlow } from "./graph/parse-model-flow";
import {
  describeReport,
  layoutImport,
  normalizeImport,
  verifyImport,
  withOutput,
  type TRawImport,
} from "./import/finish-import";
import type { TModelFlow, TPosition } from "./graph/types";
import { TASKS } from "./layers/io";
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
                                           (--keep: start from the positions it has)
  graph-core import MODEL.py --class NAME --input C,H,W [--args JSON] [--dtype long]
                    [--task TASK] [-o OUT.json] [--report REPORT.json]
  graph-core import MODEL.onnx [-o OUT.json] [--report REPORT.json]
                                           an existing PyTorch / ONNX model as a model-flow
                                           document, proven against the trace (runs python3,
                                           or $PYTHON, on this machine); --task adds an Output
                                           (binary-segmentation, multiclass-segmentation,
                                           classification) on the returned tensor`;

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
      case "import":
        return await importModel(rest, io);
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

const IMPORT_OPTIONS = new Set([
  "--task",
  "--class",
  "--args",
  "--input",
  "--dtype",
  "-o",
  "--output",
  "--report",
]);

function parseImportArgs(args: string[]): { file: string; options: Map<string, string> } {
  const files: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (IMPORT_OPTIONS.has(name)) {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new InputError(`${name} needs a value\n${USAGE}`);
      options.set(name === "--output" ? "-o" : name, value);
    } else if (arg.startsWith("-")) throw new InputError(`unknown option "${arg}"\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new InputError(`import needs exactly one MODEL file\n${USAGE}`);
  return { file: files[0]!, options };
}

/** apps/trainer/python of this repository, or $LAYERWISE_TRAINER_PYTHONPATH. */
function trainerPythonPath(): string {
  const override = process.env.LAYERWISE_TRAINER_PYTHONPATH;
  if (override) return override;
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, "..", "..", "..", "apps", "trainer", "python");
}

function runImporter(
  argv: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; spawnError?: Error }> {
  const pythonPath = trainerPythonPath();
  const env = {
    ...process.env,
    PYTHONPATH: [pythonPath, process.env.PYTHONPATH].filter(Boolean).join(":"),
  };
  const python = process.env.PYTHON || "python3";
  return new Promise((resolve) => {
    const child = spawn(python, ["-m", "layerwise_trainer.importer", ...argv], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (spawnError) => resolve({ code: null, stdout: "", stderr: "", spawnError }));
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

async function importModel(args: string[], io: TCliIo): Promise<number> {
  const { file, options } = parseImportArgs(args);
  const task = options.get("--task");
  if (task !== undefined && !(TASKS as readonly string[]).includes(task))
    throw new InputError(`--task must be one of ${TASKS.join(", ")}`);
  const argv = [file];
  for (const name of ["--class", "--args", "--input", "--dtype"])
    if (options.has(name)) argv.push(name, options.get(name)!);
  const run = await runImporter(argv);
  if (run.spawnError)
    throw new InputError(
      `cannot run ${process.env.PYTHON || "python3"} (${run.spawnError.message}); set PYTHON to a Python with torch`,
    );
  if (run.code !== 0) {
    const lines = run.stderr
      .trim()
      .split("\n")
      .filter((l) => l.trim() !== "");
    const last = lines[lines.length - 1] ?? `the importer exited with code ${run.code}`;
    if (run.code !== 2 && !existsSync(join(trainerPythonPath(), "layerwise_trainer", "importer")))
      throw new InputError(
        `the importer is not under ${trainerPythonPath()}; set LAYERWISE_TRAINER_PYTHONPATH`,
      );
    throw new InputError(`import ${file}: ${last}`);
  }
  let raw: TRawImport;
  try {
    raw = JSON.parse(run.stdout) as TRawImport;
  } catch (error) {
    throw new InputError(
      `import ${file}: the importer wrote no JSON (${(error as Error).message})`,
    );
  }
  const normalized = normalizeImport(raw, getLayerDef);
  const notes = normalized.notes;
  const doc =
    task === undefined
      ? normalized.doc
      : withOutput(normalized.doc, raw, task as (typeof TASKS)[number]);
  const report = verifyImport(doc, raw, notes);
  const text = `${JSON.stringify(layoutImport(doc, getLayerDef), null, 2)}\n`;
  const outFile = options.get("-o");
  if (outFile === undefined) io.stdout(text);
  else await writeFile(outFile, text);
  const reportFile = options.get("--report");
  if (reportFile !== undefined) await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  io.stderr(
    describeReport(doc.name, report)
      .map((l) => `graph-core: ${l}\n`)
      .join(""),
  );
  const proven =
    report.shapeMismatches.length === 0 && report.params.graphCore === report.params.torch;
  return proven ? EXIT_OK : EXIT_MODEL_ERROR;
}
