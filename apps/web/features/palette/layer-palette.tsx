"use client";

import {
  FAMILY_COLORS,
  LAYER_DEFS,
  searchLayerDefs,
  type TLayerDef,
  type TLayerFamily,
} from "@layerwise/graph-core";
import { memo, useMemo, useState, type DragEvent, type KeyboardEvent, type RefObject } from "react";
import { LAYER_DRAG_TYPE } from "../canvas/model-canvas";
import { addLayer } from "../editor/editor-actions";
import { useEditorContext } from "../editor/editor-context";

/** Families in palette order (the catalogue's order of first appearance). */
const FAMILIES: TLayerFamily[] = [...new Set(LAYER_DEFS.map((d) => d.family))];
/**
 * `Block` needs a block definition in the document; `UnsupportedOp` only comes from an imported
 * model (it carries a traced shape). The palette offers plain layers.
 */
const HIDDEN = new Set(["Block", "BlockInput", "BlockOutput", "UnsupportedOp"]);

function onDragStart(e: DragEvent<HTMLButtonElement>) {
  e.dataTransfer.setData(LAYER_DRAG_TYPE, e.currentTarget.dataset.type ?? "");
  e.dataTransfer.effectAllowed = "copy";
}

/**
 * Every catalogue layer grouped by family, searchable by type, label and alias ("conv", "bn",
 * "upconv"). Drag an entry onto the canvas, click it, or type in the search and press Enter to
 * add the first match after the selected node.
 */
function LayerPaletteView({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const { store, readOnly } = useEditorContext();
  const [query, setQuery] = useState("");
  const results = useMemo(() => searchLayerDefs(query).filter((d) => !HIDDEN.has(d.type)), [query]);
  const groups = useMemo(() => {
    if (query.trim()) return [{ family: null, defs: results }];
    return FAMILIES.map((family) => ({
      family,
      defs: results.filter((d) => d.family === family),
    })).filter((g) => g.defs.length);
  }, [query, results]);

  const add = (def: TLayerDef) => {
    if (!readOnly) addLayer(store, def.type);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" && results[0]) {
      add(results[0]);
      setQuery("");
    } else if (e.key === "Escape") {
      setQuery("");
      e.currentTarget.blur();
    }
  };

  return (
    <aside
      className="flex h-full w-56 shrink-0 flex-col border-r border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      aria-label="Layer palette"
    >
      <div className="p-2">
        <input
          ref={searchRef}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Search layers ( / )"
          aria-label="Search layers"
          className="w-full rounded border border-slate-300 bg-transparent px-2 py-1 text-sm outline-none focus:border-sky-500 dark:border-slate-700"
        />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-2">
        {groups.map((g) => (
          <section key={g.family ?? "results"} className="mb-2">
            {g.family ? (
              <h3 className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">
                {g.family}
              </h3>
            ) : null}
            <ul>
              {g.defs.map((d) => (
                <li key={d.type}>
                  <button
                    type="button"
                    draggable={!readOnly}
                    onDragStart={onDragStart}
                    onClick={() => add(d)}
                    data-type={d.type}
                    data-testid="palette-item"
                    title={`${d.description}${d.aliases.length ? ` (aliases: ${d.aliases.join(", ")})` : ""}`}
                    className="flex w-full items-center gap-2 rounded px-1.5 py-0.5 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
                  >
                    <span
                      className="h-3 w-3 shrink-0 rounded-sm"
                      style={{ background: FAMILY_COLORS[d.family] }}
                    />
                    <span className="truncate">{d.type}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {results.length === 0 ? (
          <p className="text-sm text-slate-500">No layer matches “{query}”.</p>
        ) : null}
      </div>
    </aside>
  );
}

/** The palette; memoised so canvas updates do not re-render its 80 entries. */
export const LayerPalette = memo(LayerPaletteView);
