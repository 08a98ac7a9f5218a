"use client";

import { getLayerDef, type TJsonValue } from "@layerwise/graph-core";
import { setLabel, setParam } from "@layerwise/model-doc";
import { memo, useCallback, type FocusEvent } from "react";
import { formatCount } from "@layerwise/ui";
import { shapeText } from "../canvas/layer-node-data";
import { useEditor, useEditorContext } from "../editor/editor-context";
import { ParamField } from "./param-field";

/**
 * The node's label, written on blur. Memoised like the parameter fields: React writes a
 * re-rendered input's attributes again, and the inspector renders on every edit of the node.
 */
const LabelField = memo(function LabelField({
  label,
  readOnly,
  onBlur,
}: {
  label: string | undefined;
  readOnly: boolean;
  onBlur: (e: FocusEvent<HTMLInputElement>) => void;
}) {
  return (
    <div className="flex flex-col gap-0.5 py-1">
      <label htmlFor="node-label" className="text-xs text-slate-600 dark:text-slate-300">
        Label
      </label>
      <input
        id="node-label"
        readOnly={readOnly}
        defaultValue={label ?? ""}
        onBlur={onBlur}
        className="rounded border border-slate-300 bg-transparent px-1.5 py-0.5 text-sm dark:border-slate-700"
      />
    </div>
  );
});

/** The selected node's form, generated from its layer's param schema, with its analysis. */
function InspectorView() {
  const { store, readOnly } = useEditorContext();
  const selection = useEditor((s) => s.selection);
  const id = selection.length === 1 ? selection[0]! : null;
  const node = useEditor((s) => (id ? s.flow.nodes.find((n) => n.id === id) : undefined));
  const info = useEditor((s) => (id ? s.analysis.nodes.get(id) : undefined));
  // One callback per node: the fields whose values did not change keep their props and skip
  // rendering (a re-rendered input has its attributes written again: 18 for a conv per edit).
  const onParam = useCallback(
    (name: string, value: TJsonValue | undefined) => {
      if (id) setParam(store.ydoc, id, name, value);
    },
    [store, id],
  );
  const onLabel = useCallback(
    (e: FocusEvent<HTMLInputElement>) => {
      if (id) setLabel(store.ydoc, id, e.target.value.trim());
    },
    [store, id],
  );
  if (!node) {
    return (
      <aside
        className="w-64 shrink-0 border-l border-slate-200 p-3 text-sm text-slate-500 dark:border-slate-800"
        aria-label="Inspector"
      >
        {selection.length > 1
          ? `${selection.length} nodes selected.`
          : "Select a node to edit its parameters."}
      </aside>
    );
  }
  const def = getLayerDef(node.type);
  return (
    <aside
      className="w-64 shrink-0 overflow-y-auto border-l border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      aria-label="Inspector"
    >
      <h2 className="text-sm font-semibold">
        {node.type} <span className="font-normal text-slate-500">#{node.id}</span>
      </h2>
      {def ? <p className="mb-2 text-xs text-slate-500">{def.description}</p> : null}
      <div
        className="mb-2 rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800"
        data-testid="inspector-shape"
      >
        out {shapeText(info?.shape ?? null)} · params {formatCount(info?.params ?? 0)} · MACs{" "}
        {formatCount(info?.macs ?? 0)}
      </div>
      {info?.diagnostics.map((d, i) => (
        <p
          key={i}
          className={`mb-2 text-xs ${d.severity === "error" ? "text-red-600" : "text-amber-600"}`}
        >
          {d.message}
          {d.hint ? <span className="block text-slate-500">Fix: {d.hint}</span> : null}
        </p>
      ))}
      <LabelField key={node.id} label={node.label} readOnly={readOnly} onBlur={onLabel} />
      {def?.params.map((p) => (
        <ParamField
          key={`${node.id}:${p.name}`}
          def={p}
          value={node.params[p.name]}
          readOnly={readOnly}
          onChange={onParam}
        />
      ))}
    </aside>
  );
}

/** The inspector panel. */
export const Inspector = memo(InspectorView);
