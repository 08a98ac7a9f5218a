import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Run } from "@layerwise/db";
import { analyze, generatePyTorch, parseModelFlow, type TDiagnostic } from "@layerwise/graph-core";
import { ZRunConfig, ZRunSpec, runSettingsFromModel, type TRunSpec } from "@layerwise/protocol";

/** The model cannot be trained; retrying never helps (the worker raises UnrecoverableError). */
export class InvalidRunError extends Error {
  constructor(
    message: string,
    readonly diagnostics: TDiagnostic[] = [],
  ) {
    super(message);
    this.name = "InvalidRunError";
  }
}

function describe(diagnostics: TDiagnostic[]): string {
  return diagnostics
    .slice(0, 5)
    .map((d) => `${d.code}${d.node ? ` at ${d.node}` : ""}: ${d.message}`)
    .join("; ");
}

/** What the worker needs from the run's stored version to write its run directory. */
export interface TPreparedModel {
  source: string;
  task: TRunSpec["task"];
  numClasses: number;
  input: TRunSpec["input"];
}

/**
 * Validates the stored snapshot with graph-core and generates its PyTorch source here, on the
 * worker: the browser's code is never used. Errors throw InvalidRunError with the diagnostics.
 */
export function prepareModel(snapshot: unknown): TPreparedModel {
  const parsed = parseModelFlow(snapshot);
  if (!parsed.ok) {
    const detail = parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ");
    throw new InvalidRunError(`the run's model is not a valid model-flow document: ${detail}`);
  }
  const analysis = analyze(parsed.doc);
  if (analysis.errorCount > 0) {
    const all = [
      ...[...analysis.nodes.values()].flatMap((n) => n.diagnostics),
      ...analysis.diagnostics,
    ];
    const errors = all.filter((d) => d.severity === "error");
    throw new InvalidRunError(
      `the model has ${errors.length} error(s): ${describe(errors)}`,
      errors,
    );
  }
  const settings = runSettingsFromModel(parsed.doc);
  if (!settings.ok)
    throw new InvalidRunError(`the model cannot be trained: ${settings.problems.join("; ")}`);
  return {
    source: generatePyTorch(parsed.doc, analysis),
    task: settings.settings.task,
    numClasses: settings.settings.numClasses,
    input: settings.settings.input,
  };
}

/** Writes `model.py` and `run.json` (validated against the contract) into `runDir`. */
export async function writeRunDir(options: {
  runDir: string;
  run: Pick<Run, "id" | "config">;
  model: TPreparedModel;
  dataset: { id: string; path: string };
  resume: boolean;
  limits: TRunSpec["limits"];
  threads?: number;
}): Promise<TRunSpec> {
  const config = ZRunConfig.parse(options.run.config);
  if (config.threads === null && options.threads !== undefined) config.threads = options.threads;
  const spec = ZRunSpec.parse({
    runId: options.run.id,
    task: options.model.task,
    num_classes: options.model.numClasses,
    input: options.model.input,
    dataset: options.dataset,
    config,
    resume: options.resume ? "checkpoint.pt" : null,
    limits: options.limits,
  });
  await mkdir(options.runDir, { recursive: true });
  await writeFile(join(options.runDir, "model.py"), options.model.source);
  await writeFile(join(options.runDir, "run.json"), `${JSON.stringify(spec, null, 2)}\n`);
  return spec;
}
