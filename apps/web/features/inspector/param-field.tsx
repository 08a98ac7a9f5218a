"use client";

import type { TJsonValue, TParamDef } from "@layerwise/graph-core";
import { memo, useState } from "react";
import { formatParam, parseParam } from "./param-value";

interface TProps {
  def: TParamDef;
  value: TJsonValue | undefined;
  readOnly: boolean;
  /** Stable across renders (with `memo`, a field renders only when its own value changes). */
  onChange: (name: string, value: TJsonValue | undefined) => void;
}

/**
 * One parameter, rendered from its catalogue spec. Valid input is written at once (shapes update
 * while typing); invalid input stays in the field with the reason below and is not written.
 */
function ParamFieldView({ def, value, readOnly, onChange }: TProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const id = `param-${def.name}`;
  const label = (
    <label htmlFor={id} className="text-xs text-slate-600 dark:text-slate-300" title={def.tooltip}>
      {def.label}
    </label>
  );
  if (def.spec.kind === "bool") {
    const checked = typeof value === "boolean" ? value : def.default === true;
    return (
      <div className="flex items-center justify-between gap-2 py-1">
        {label}
        <input
          id={id}
          name={def.name}
          type="checkbox"
          disabled={readOnly}
          checked={checked}
          onChange={(e) => onChange(def.name, e.target.checked)}
        />
      </div>
    );
  }
  if (def.spec.kind === "enum") {
    const current =
      typeof value === "string" ? value : typeof def.default === "string" ? def.default : "";
    return (
      <div className="flex flex-col gap-0.5 py-1">
        {label}
        <select
          id={id}
          name={def.name}
          disabled={readOnly}
          value={current}
          onChange={(e) => onChange(def.name, e.target.value)}
          className="rounded border border-slate-300 bg-transparent px-1 py-0.5 text-sm dark:border-slate-700"
        >
          {def.spec.values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const text = draft ?? formatParam(value);
  const parsed = draft === null ? null : parseParam(def, draft);
  const error = parsed && !parsed.ok ? parsed.error : null;
  return (
    <div className="flex flex-col gap-0.5 py-1">
      {label}
      <input
        id={id}
        name={def.name}
        readOnly={readOnly}
        value={text}
        placeholder={
          def.default === undefined || def.default === null
            ? def.nullable
              ? "None"
              : "required"
            : formatParam(def.default)
        }
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          const p = parseParam(def, e.target.value);
          if (p.ok) onChange(def.name, p.value);
        }}
        onBlur={() => setDraft(null)}
        className={`rounded border bg-transparent px-1.5 py-0.5 font-mono text-sm outline-none ${error ? "border-red-500" : "border-slate-300 focus:border-sky-500 dark:border-slate-700"}`}
      />
      {error ? (
        <p className="text-xs text-red-600" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A parameter field, memoised: it renders again only when its definition, value or mode changes. */
export const ParamField = memo(ParamFieldView);
