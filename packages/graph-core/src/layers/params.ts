/**
 * Param resolution (torch defaults + validation against each `TParamSpec`), typed accessors for
 * resolved params, and Python literal formatting for `toPyTorch`. Layers read params only
 * through here after `resolveParams` succeeded, so accessors narrow types without re-validating.
 */
import type { TDiagnostic } from "../analysis/types";
import type { TJsonValue, TParams } from "../graph/types";
import type { TDtypeRule, TLayerDef, TParamDef, TParamSpec } from "./types";

/** Refuses integer (long) tensors, like conv, norm, interpolation and adaptive-pool kernels. */
export const FLOAT_ONLY: TDtypeRule = { input: "float", output: "float" };
/** Runs on integer tensors and keeps their dtype (padding, max/avg pool 2d, pixel shuffle). */
export const KEEPS_DTYPE: TDtypeRule = { input: "any", output: "same" };

/** Input-size arguments: inferred from the incoming tensor, accepted without a warning. */
export const INFERRED_PARAMS: ReadonlySet<string> = new Set([
  "in_channels",
  "in_features",
  "num_features",
  "num_channels",
]);

export interface TResolvedParams {
  /** Every declared param with its value or torch default; inferred input sizes kept if given. */
  params: TParams;
  /** `invalid-param` errors (bad value, missing required) and warnings (unknown name). */
  diagnostics: TDiagnostic[];
  /** True when at least one diagnostic is an error: the layer must not be evaluated. */
  hasError: boolean;
}

const EMPTY: TDiagnostic[] = [];

/** Per def: its defaults as one object to copy, params by name, and the required ones. */
interface TCompiledDef {
  defaults: TParams;
  byName: Map<string, TParamDef>;
  required: TParamDef[];
  known: string;
}

const COMPILED = new WeakMap<TLayerDef, TCompiledDef>();

function compile(def: TLayerDef): TCompiledDef {
  let c = COMPILED.get(def);
  if (c !== undefined) return c;
  const defaults: TParams = {};
  const byName = new Map<string, TParamDef>();
  const required: TParamDef[] = [];
  for (const p of def.params) {
    byName.set(p.name, p);
    if (p.default !== undefined) defaults[p.name] = p.default;
    else if (p.nullable === true) defaults[p.name] = null;
    else required.push(p);
  }
  c = { defaults, byName, required, known: def.params.map((p) => p.name).join(", ") };
  COMPILED.set(def, c);
  return c;
}

/**
 * Applies torch defaults to `raw` and validates each value against its spec. Messages name the
 * param and say what is expected (`kernel_size: expected an integer ≥ 1 or a list of 2 …`).
 * Unknown params give a warning and are dropped. Never throws, whatever `raw` holds.
 * Cost is proportional to the params given, not to the params the layer has.
 */
export function resolveParams(
  def: TLayerDef,
  raw: TParams | null | undefined,
  nodeId?: string,
): TResolvedParams {
  const source: TParams = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? raw : {};
  const c = compile(def);
  const params: TParams = { ...c.defaults };
  let diagnostics = EMPTY;
  let hasError = false;
  for (const name in source) {
    const value = source[name];
    if (value === undefined) continue;
    const p = c.byName.get(name);
    if (p === undefined) {
      if (INFERRED_PARAMS.has(name)) {
        params[name] = value;
        continue;
      }
      if (diagnostics === EMPTY) diagnostics = [];
      diagnostics.push(unknownParam(nodeId, def.type, name, c.known));
      continue;
    }
    if (value === null ? p.nullable === true : checkSpec(p.spec, value)) {
      params[name] = value;
      continue;
    }
    if (diagnostics === EMPTY) diagnostics = [];
    const message = `${name}: expected ${expected(p.spec, p.nullable === true)}, got ${show(value)}`;
    diagnostics.push(paramError(nodeId, def.type, p, message));
    hasError = true;
  }
  for (const p of c.required) {
    if (source[p.name] !== undefined) continue;
    if (diagnostics === EMPTY) diagnostics = [];
    diagnostics.push(
      paramError(nodeId, def.type, p, `${p.name} is required: ${expected(p.spec, false)}`),
    );
    hasError = true;
  }
  return { params, diagnostics, hasError };
}

function unknownParam(
  nodeId: string | undefined,
  type: string,
  name: string,
  known: string,
): TDiagnostic {
  const d: TDiagnostic = {
    code: "invalid-param",
    severity: "warning",
    message: `${type} has no parameter "${name}"; it is ignored`,
    hint:
      known === ""
        ? `${type} takes no parameters; remove "${name}".`
        : `Known parameters: ${known}.`,
  };
  if (nodeId !== undefined) d.node = nodeId;
  return d;
}

function paramError(
  nodeId: string | undefined,
  type: string,
  p: TParamDef,
  message: string,
): TDiagnostic {
  const d: TDiagnostic = {
    code: "invalid-param",
    severity: "error",
    message: `${type} ${message}`,
    hint: p.tooltip,
  };
  if (nodeId !== undefined) d.node = nodeId;
  return d;
}

function isInt(v: unknown, min: number | undefined): v is number {
  return typeof v === "number" && Number.isInteger(v) && (min === undefined || v >= min);
}

function isTuple(v: unknown, rank: number, test: (x: unknown) => boolean): boolean {
  if (!Array.isArray(v)) return false;
  if (rank === 0 ? v.length === 0 : v.length !== rank) return false;
  for (let i = 0; i < v.length; i++) if (!test(v[i])) return false;
  return true;
}

/** True when `value` satisfies `spec` (null handled by the caller). */
export function checkSpec(spec: TParamSpec, value: TJsonValue): boolean {
  switch (spec.kind) {
    case "int":
      return isInt(value, spec.min) && (spec.max === undefined || value <= spec.max);
    case "float": {
      if (typeof value !== "number" || !Number.isFinite(value)) return false;
      if (
        spec.min !== undefined &&
        (spec.exclusiveMin === true ? value <= spec.min : value < spec.min)
      )
        return false;
      return spec.max === undefined || value <= spec.max;
    }
    case "bool":
      return typeof value === "boolean";
    case "enum":
      return typeof value === "string" && spec.values.includes(value);
    case "int-tuple": {
      if (isInt(value, spec.min)) return true;
      const nullable = spec.nullableEntries === true;
      return isTuple(value, spec.rank, (x) => (nullable && x === null) || isInt(x, spec.min));
    }
    case "int-tuple-or-enum":
      if (typeof value === "string") return spec.values.includes(value);
      return isInt(value, spec.min) || isTuple(value, spec.rank, (x) => isInt(x, spec.min));
    case "float-tuple": {
      const ok = (x: unknown): boolean =>
        typeof x === "number" && Number.isFinite(x) && (spec.min === undefined || x > spec.min);
      return ok(value) || isTuple(value, spec.rank, ok);
    }
    case "int-list":
      if (isInt(value, spec.min)) return (spec.minLength ?? 0) <= 1;
      return (
        Array.isArray(value) &&
        value.length >= (spec.minLength ?? 0) &&
        value.every((x) => isInt(x, spec.min))
      );
    case "string":
      return typeof value === "string";
  }
}

function bound(min: number | undefined): string {
  return min === undefined ? "" : ` ≥ ${min}`;
}

/** Human description of what a spec accepts, for messages and tooltips. */
export function expected(spec: TParamSpec, nullable: boolean): string {
  let text: string;
  switch (spec.kind) {
    case "int":
      text = `an integer${bound(spec.min)}${spec.max === undefined ? "" : ` and ≤ ${spec.max}`}`;
      break;
    case "float":
      text = `a number${spec.min === undefined ? "" : spec.exclusiveMin === true ? ` > ${spec.min}` : ` ≥ ${spec.min}`}${spec.max === undefined ? "" : ` and ≤ ${spec.max}`}`;
      break;
    case "bool":
      text = "true or false";
      break;
    case "enum":
      text = `one of ${spec.values.map((v) => `"${v}"`).join(", ")}`;
      break;
    case "int-tuple":
      text = `an integer${bound(spec.min)} or a list of ${spec.rank === 0 ? "" : `${spec.rank} `}integers${bound(spec.min)}${spec.nullableEntries === true ? " or null" : ""}`;
      break;
    case "int-tuple-or-enum":
      text = `an integer${bound(spec.min)}, a list of ${spec.rank} integers${bound(spec.min)} or one of ${spec.values.map((v) => `"${v}"`).join(", ")}`;
      break;
    case "float-tuple":
      text = `a number${spec.min === undefined ? "" : ` > ${spec.min}`} or a list of ${spec.rank === 0 ? "" : `${spec.rank} `}such numbers`;
      break;
    case "int-list":
      text = `a list of integers${bound(spec.min)}${spec.minLength === undefined ? "" : ` (at least ${spec.minLength})`}`;
      break;
    case "string":
      text = "a string";
      break;
  }
  return nullable ? `${text} or null` : text;
}

function show(value: TJsonValue): string {
  const text = JSON.stringify(value);
  return text.length > 40 ? text.slice(0, 40) + "…" : text;
}

// ── Accessors on resolved params ──────────────────────────────────────────────────────────

/** An int param (validated). */
export function intParam(params: TParams, name: string): number {
  const v = params[name];
  return typeof v === "number" ? v : 0;
}

/** A float param, or null for torch `None`. */
export function floatOrNull(params: TParams, name: string): number | null {
  const v = params[name];
  return typeof v === "number" ? v : null;
}

/** A bool param; null stays null (torch `None`, e.g. `align_corners`). */
export function boolParam(params: TParams, name: string): boolean {
  return params[name] === true;
}

/** A string/enum param. */
export function strParam(params: TParams, name: string): string | null {
  const v = params[name];
  return typeof v === "string" ? v : null;
}

/**
 * Expands an int-or-tuple param to `rank` entries (`3` → `[3, 3]`); null entries become -1
 * (torch `None`). A list of the wrong length is returned as is: layers check it against the input.
 * The result may be the params' own array: read it, never mutate it.
 */
export function intTuple(params: TParams, name: string, rank: number): number[] {
  const v = params[name];
  if (typeof v === "number") {
    // Literal arrays for the common ranks: this runs several times per conv per analysis.
    if (rank === 2) return [v, v];
    if (rank === 1) return [v];
    if (rank === 3) return [v, v, v];
    return new Array<number>(rank).fill(v);
  }
  if (!Array.isArray(v)) return [];
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== "number") return v.map((x) => (typeof x === "number" ? x : -1));
  }
  // The params' own array, not a copy: callers only read it.
  return v as number[];
}

/** Expands a float-or-tuple param to `rank` entries. */
export function floatTuple(params: TParams, name: string, rank: number): number[] {
  return intTuple(params, name, rank);
}

/** Reads an int-list param (a single int is a list of one). */
export function intList(params: TParams, name: string): number[] {
  const v = params[name];
  if (typeof v === "number") return [v];
  return Array.isArray(v) ? v.map((x) => (typeof x === "number" ? x : 0)) : [];
}

// ── Python formatting ─────────────────────────────────────────────────────────────────────

/** Python `repr` of a float: `1.0`, `0.1`, `1e-05`, `1e+20` (JS and Python both print the shortest round-trip digits). */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`non-finite float ${value}`);
  const exp = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (exp < -4 || exp >= 16) {
    const [mant, e] = value.toExponential().split("e") as [string, string];
    const n = Number(e);
    return `${mant}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

/** Python literal of a validated param value; int lists print as tuples unless `asList`. */
export function pyLiteral(value: TJsonValue, spec: TParamSpec): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof value === "number") {
    if (spec.kind === "float" || spec.kind === "float-tuple") return pyFloat(value);
    if (!Number.isInteger(value)) throw new Error(`non-integer ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) {
    const items = value.map((x) => pyLiteral(x, spec));
    if (spec.kind === "int-list") return `[${items.join(", ")}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  throw new Error("objects are not param values");
}

function sameAsDefault(value: TJsonValue, dflt: TJsonValue | undefined): boolean {
  if (dflt === undefined) return false;
  if (value === dflt) return true;
  // `stride: [1, 1]` equals the default `1`: torch expands scalars the same way.
  if (Array.isArray(value) && typeof dflt === "number")
    return value.length > 0 && value.every((x) => x === dflt);
  return false;
}

/**
 * `name=value` for each declared param whose value differs from torch's default, in the def's
 * order, skipping `omit` (params the caller emits positionally). Only validated values and
 * closed enums reach the output.
 */
export function pyKwargs(def: TLayerDef, params: TParams, omit: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const p of def.params) {
    if (omit.includes(p.name)) continue;
    const v = params[p.name];
    if (v === undefined) continue;
    if (v === null ? p.default === undefined || p.default === null : sameAsDefault(v, p.default))
      continue;
    out.push(`${p.name}=${pyLiteral(v, p.spec)}`);
  }
  return out;
}

/** `nn.Name(a, b, k=v)` from positional and keyword parts. */
export function pyModule(type: string, args: readonly string[]): string {
  return `nn.${type}(${args.join(", ")})`;
}
