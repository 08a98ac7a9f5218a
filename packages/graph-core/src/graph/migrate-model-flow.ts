import { MODEL_FLOW_FORMAT, MODEL_FLOW_VERSION } from "./types";

/** One problem found in a document: where (`nodes[2].params.kernel_size`) and what. */
export interface TParseError {
  path: string;
  message: string;
}

export type TMigrateResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; errors: TParseError[] };

/**
 * Steps from version n to n + 1, indexed by n. v1 is the first version, so the table is empty;
 * a future v2 adds `1: (doc) => ({ ...doc, version: 2, … })` and nothing else changes.
 */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Brings a raw model-flow document up to {@link MODEL_FLOW_VERSION} by dispatching on its
 * `version`. It checks only `format` and `version`; the rest is left to `parseModelFlow`.
 * Documents from a newer release are refused rather than guessed at.
 */
export function migrateModelFlow(json: unknown): TMigrateResult {
  if (!isRecord(json)) {
    return {
      ok: false,
      errors: [{ path: "", message: "expected a JSON object (a model-flow document)" }],
    };
  }
  if (json.format !== MODEL_FLOW_FORMAT) {
    return {
      ok: false,
      errors: [
        {
          path: "format",
          message: `expected "${MODEL_FLOW_FORMAT}", got ${describe(json.format)}`,
        },
      ],
    };
  }
  const version = json.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      errors: [
        { path: "version", message: `expected a positive integer, got ${describe(version)}` },
      ],
    };
  }
  if (version > MODEL_FLOW_VERSION) {
    return {
      ok: false,
      errors: [
        {
          path: "version",
          message: `document version ${version} is newer than this engine (reads up to ${MODEL_FLOW_VERSION}); update Layerwise`,
        },
      ],
    };
  }
  let doc = json;
  for (let v = version; v < MODEL_FLOW_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (step === undefined) {
      return {
        ok: false,
        errors: [{ path: "version", message: `no migration from version ${v}` }],
      };
    }
    doc = step(doc);
  }
  return { ok: true, value: doc };
}

/** A short description of a JSON value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
