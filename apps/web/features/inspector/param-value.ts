import {
  checkSpec,
  describeParamSpec,
  type TJsonValue,
  type TParamDef,
} from "@layerwise/graph-core";

/** How a stored value is shown in a text field: `3`, `3, 1`, `same`, empty for unset. */
export function formatParam(value: TJsonValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((v) => (v === null ? "None" : String(v))).join(", ");
  return String(value);
}

/** Result of reading a field: a value to store (`undefined` resets to the default) or an error. */
export type TParsed = { ok: true; value: TJsonValue | undefined } | { ok: false; error: string };

/**
 * The entries of a typed list: `3, 64`, `3 64`, `3×64`, `3x64`, `(3, 64)`, `[3, 64]`. Empty
 * entries are kept (as "") so that the caller can refuse `3,,64` or a trailing comma.
 */
function splitList(text: string): string[] {
  const inner = text.replace(/^[[(]\s*|\s*[\])]$/g, "");
  return inner.split(/\s*(?:,|×|(?<=\d)x(?=\d))\s*|\s+/);
}

/**
 * Reads what the user typed into the value torch expects for this param, validated with the
 * catalogue's own spec so the inspector never disagrees with analysis.
 */
export function parseParam(def: TParamDef, text: string): TParsed {
  const t = text.trim();
  const expected = `Expected ${describeParamSpec(def.spec, def.nullable === true)}.`;
  if (t === "") {
    if (def.default !== undefined) return { ok: true, value: undefined };
    if (def.nullable) return { ok: true, value: null };
    return { ok: false, error: `${def.label} is required. ${expected}` };
  }
  let value: TJsonValue;
  const spec = def.spec;
  if (spec.kind === "string") value = t;
  else if (/^none$/i.test(t) && def.nullable) value = null;
  else if ((spec.kind === "enum" || spec.kind === "int-tuple-or-enum") && /^[a-z-]+$/i.test(t))
    value = t;
  else {
    const parts = splitList(t);
    const empty = parts.indexOf("");
    if (empty !== -1) {
      // "3,,64" must not read as 3×64: a value the user did not see would be stored.
      const where =
        parts.length === 1 ? "no value" : `an empty entry (${empty + 1} of ${parts.length})`;
      return { ok: false, error: `"${t}" has ${where}. ${expected}` };
    }
    const nums = parts.map((p) => (/^none$/i.test(p) ? null : Number(p)));
    if (nums.some((n) => n !== null && !Number.isFinite(n))) return { ok: false, error: expected };
    const single = parts.length === 1 && !/^[[(]/.test(t) && spec.kind !== "int-list";
    value = single ? nums[0]! : nums;
    if (spec.kind === "int-list" && parts.length === 1) value = nums;
  }
  if (value === null ? def.nullable === true : checkSpec(spec, value)) return { ok: true, value };
  return { ok: false, error: expected };
}
