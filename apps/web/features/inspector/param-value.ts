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
    const parts = t
      .replace(/^[[(]|[\])]$/g, "")
      .split(/\s*[,×]\s*|\s+|(?<=\d)x(?=\d)/)
      .filter(Boolean);
    const nums = parts.map((p) => (/^none$/i.test(p) ? null : Number(p)));
    if (nums.some((n) => n !== null && !Number.isFinite(n))) return { ok: false, error: expected };
    const single = parts.length === 1 && !/^[[(]/.test(t) && spec.kind !== "int-list";
    value = single ? nums[0]! : nums;
    if (spec.kind === "int-list" && parts.length === 1) value = nums;
  }
  if (value === null ? def.nullable === true : checkSpec(spec, value)) return { ok: true, value };
  return { ok: false, error: expected };
}
