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

/** A declared param as resolution sees it. */
interface TCompiledParam {
  def: TParamDef;
  /** No default and not nullable: the user must give it. */
  isRequired: boolean;
}

/**
 * Per def: `instantiate` makes a fresh object holding every declared param (its default; the
 * required ones as `undefined` placeholders), so every node of a type gets the same object
 * layout and writing a given value overwrites a slot instead of growing the object. Plus params
 * by name and the required ones.
 */
interface TCompiledDef {
  instantiate: () => TParams;
  byName: Map<string, TCompiledParam>;
  required: TParamDef[];
  known: string;
}

/**
 * A function returning a copy of `template`. `{ ...template }` would do, but one spread site
 * that sees the templates of dozens of layer types falls back to V8's generic copy (measured at
 * ~150 ns per node, 10% of a full analysis); a literal compiled per type is a plain allocation.
 * The keys are the catalogue's own param names (never user input), quoted by JSON.stringify.
 * Where `Function` is not allowed (a CSP without unsafe-eval) the spread is used.
 */
function templateCopier(template: Record<string, TJsonValue | undefined>): () => TParams {
  const fields = Object.keys(template).map((k) => `${JSON.stringify(k)}: t[${JSON.stringify(k)}]`);
  try {
    const make = new Function("t", `return { ${fields.join(", ")} };`) as (
      t: Record<string, TJsonValue | undefined>,
    ) => TParams;
    return () => make(template);
  } catch {
    return () => ({ ...template }) as TParams;
  }
}

const COMPILED = new WeakMap<TLayerDef, TCompiledDef>();

function compile(def: TLayerDef): TCompiledDef {
  let c = COMPILED.get(def);
  if (c !== undefined) return c;
  const template: Record<string, TJsonValue | undefined> = {};
  const byName = new Map<string, TCompiledParam>();
  const required: TParamDef[] = [];
  for (const p of def.params) {
    const isRequired = p.default === undefined && p.nullable !== true;
    byName.set(p.name, { def: p, isRequired });
    template[p.name] = p.default !== undefined ? p.default : isRequired ? undefined : null;
    if (isRequired) required.push(p);
  }
  c = {
    instantiate: templateCopier(template),
    byName,
    required,
    known: def.params.map((p) => p.name).join(", "),
  };
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
  const params = c.instantiate();
  let diagnostics = EMPTY;
  let hasError = false;
  let requiredGiven = 0;
  for (const name in source) {
    const value = source[name];
    if (value === undefined) continue;
    const entry = c.byName.get(name);
    if (entry === undefined) {
      if (INFERRED_PARAMS.has(name)) {
        params[name] = value;
        continue;
      }
      if (diagnostics === EMPTY) diagnostics = [];
      diagnostics.push(unknownParam(nodeId, def.type, name, c.known));
      continue;
    }
    const p = entry.def;
    if (value === null ? p.nullable === true : checkSpec(p.spec, value)) {
      params[name] = value;
      if (entry.isRequired) requiredGiven++;
      continue;
    }
    if (diagnostics === EMPTY) diagnostics = [];
    const message = `${name}: expected ${expected(p.spec, p.nullable === true)}, got ${show(value)}`;
    diagnostics.push(paramError(nodeId, def.type, p, message));
    hasError = true;
  }
  if (requiredGiven < c.required.length) {
    // Missing or invalid: drop the placeholder, so `params` only holds real values.
    for (const p of c.required) {
      if (params[p.name] !== undefined) continue;
      delete params[p.name];
      if (source[p.name] !== undefined) continue;
      if (diagnostics === EMPTY) diagnostics = [];
      diagnostics.push(
        paramError(nodeId, def.type, p, `${p.name} is required: ${expected(p.spec, false)}`),
      );
      hasError = true;
    }
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

/** An int ≥ min, or null when `nullable` (torch `None` entries). */
function isIntEntry(x: unknown, min: number | undefined, nullable: boolean): boolean {
  return (nullable && x === null) || isInt(x, min);
}

/** A finite number > min (float tuples: min is exclusive). */
function isFloatEntry(x: unknown, min: number | undefined): boolean {
  return typeof x === "number" && Number.isFinite(x) && (min === undefined || x > min);
}

/** A list of `rank` entries (any length when rank is 0, but not empty). */
function hasRank(v: unknown, rank: number): v is unknown[] {
  return Array.isArray(v) && (rank === 0 ? v.length > 0 : v.length === rank);
}

// The tuple checks below are plain loops, not `every` with a closure: this runs for every given
// param of every node on each analysis, and a closure would allocate on each call.

function isIntTuple(v: unknown, rank: number, min: number | undefined, nullable: boolean): boolean {
  if (!hasRank(v, rank)) return false;
  for (let i = 0; i < v.length; i++) if (!isIntEntry(v[i], min, nullable)) return false;
  return true;
}

function isFloatTuple(v: unknown, rank: number, min: number | undefined): boolean {
  if (!hasRank(v, rank)) return false;
  for (let i = 0; i < v.length; i++) if (!isFloatEntry(v[i], min)) return false;
  return true;
}

function isIntList(v: unknown, min: number | undefined, minLength: number): boolean {
  if (!Array.isArray(v) || v.length < minLength) return false;
  for (let i = 0; i < v.length; i++) if (!isInt(v[i], min)) return false;
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
    case "int-tuple":
      return (
        isInt(value, spec.min) ||
        isIntTuple(value, spec.rank, spec.min, spec.nullableEntries === true)
      );
    case "int-tuple-or-enum":
      if (typeof value === "string") return spec.values.includes(value);
      return isInt(value, spec.min) || isIntTuple(value, spec.rank, spec.min, false);
    case "float-tuple":
      return isFloatEntry(value, spec.min) || isFloatTuple(value, spec.rank, spec.min);
    case "int-list":
      if (isInt(value, spec.min)) return (spec.minLength ?? 0) <= 1;
      return isIntList(value, spec.min, spec.minLength ?? 0);
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

/**
 * Entry `i` of an int-or-tuple param value, as `intTuple` expands it (`3` is 3 in every dim, a
 * null entry -1), without building the tuple. Shape functions read the value once at their own
 * site (`ctx.params.kernel_size`, one object layout there) and index it per dim: no allocation,
 * and no keyed read in a helper shared by every layer type, which V8 can only do the slow way.
 */
export function dimOf(value: TJsonValue | undefined, i: number): number {
  if (typeof value === "number") return value;
  if (!Array.isArray(value)) return 0;
  const x = value[i];
  return typeof x === "number" ? x : -1;
}

/** Product of an int-or-tuple param value expanded to `rank` entries (a kernel's volume). */
export function tupleProd(value: TJsonValue | undefined, rank: number): number {
  let p = 1;
  if (typeof value === "number") {
    for (let i = 0; i < rank; i++) p *= value;
    return p;
  }
  if (!Array.isArray(value)) return 1;
  for (let i = 0; i < value.length; i++) {
    const x = value[i];
    p *= typeof x === "number" ? x : -1;
  }
  return p;
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
