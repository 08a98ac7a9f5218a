"use client";

import {
  FAMILY_COLORS,
  LAYER_DEFS,
  searchLayerDefs,
  type TLayerDef,
  type TLayerFamily,
  type TPosition,
} from "@layerwise/graph-core";
import { useReactFlow, type ReactFlowInstance } from "@xyflow/react";
import { memo, useMemo, useState, type DragEvent, type KeyboardEvent, type RefObject } from "react";
import { LAYER_DRAG_TYPE } from "../canvas/model-canvas";
import { addLayer } from "../editor/editor-actions";
import { useEditor, useEditorContext } from "../editor/editor-context";

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
/**
 * Search results with the layers that fit a tensor of `rank` dims (without batch) first: an
 * `Nd` layer takes `N + 1` dims, so for a `[C, H, W]` image the 2-D layers lead and 1-D/3-D
 * ones follow. Stable: the search's own order is kept inside each group.
 */
export function rankForTensor(defs: TLayerDef[], rank: number | null): TLayerDef[] {
  if (rank === null) return defs;
  const fit = (d: TLayerDef) => {
    const m = /([123])d$/.exec(d.type);
    if (!m) return 1;
    return Number(m[1]) + 1 === rank ? 0 : 2;
  };
  return defs
    .map((d, i) => ({ d, i, f: fit(d) }))
    .sort((a, b) => a.f - b.f || a.i - b.i)
    .map((x) => x.d);
}

/** The flow position at the centre of the visible canvas, if the canvas is mounted. */
function viewCentre(flow: Pick<ReactFlowInstance, "screenToFlowPosition">): TPosition | undefined {
  const el = document.querySelector(".react-flow");
  if (!el) return undefined;
  const r = el.getBoundingClientRect();
  const p = flow.screenToFlowPosition({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

function LayerPaletteView({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const { store, readOnly } = useEditorContext();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  // The rank of the selected tensor: 2-D layers first for an image, 1-D ones for a sequence.
  const rank = useEditor((s) => {
    const id = s.selection[s.selection.length - 1];
    return (id ? s.analysis.nodes.get(id)?.shape?.length : undefined) ?? null;
  });
  const results = useMemo(
    () =>
      rankForTensor(
        searchLayerDefs(query).filter((d) => !HIDDEN.has(d.type)),
        rank,
      ),
    [query, rank],
  );
  const groups = useMemo(() => {
    if (query.trim()) return [{ family: null, defs: results }];
    return FAMILIES.map((family) => ({
      family,
      defs: results.filter((d) => d.family === family),
    })).filter((g) => g.defs.length);
  }, [query, results]);

  const flow = useReactFlow();
  const add = (def: TLayerDef) => {
    if (readOnly) return;
    // Without a selection to follow, a new layer lands in the middle of what is on screen.
    const at = store.getState().selection.length ? undefined : viewCentre(flow);
    addLayer(store, def.type, at);
  };
  const highlighted = query.trim() ? Math.min(active, results.length - 1) : -1;
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((a) => Math.max(0, Math.min(results.length - 1, a + step)));
    } else if (e.key === "Enter" && results[Math.max(0, highlighted)]) {
      add(results[Math.max(0, highlighted)]!);
      setQuery("");
      setActive(0);
    } else if (e.key === "Escape") {
      setQuery("");
      e.currentTarget.blur();
    }
  };

  // Paint containment gives the palette a paint layer of its own. Without one, its ~80 entries
  // were painted again with every frame an edit changed elsewhere on the page (about 2 ms of
  // each edit's frame at 50 layers in a trace; see DEVELOPERS.md).
  return (
    <aside
      className="flex h-full w-56 shrink-0 flex-col border-r border-slate-200 bg-white contain-paint dark:border-slate-800 dark:bg-slate-900"
      aria-label="Layer palette"
    >
      <div className="p-2">
        <input
          ref={searchRef}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          aria-activedescendant={
            highlighted >= 0 && results[highlighted]
              ? `palette-${results[highlighted]!.type}`
              : undefined
          }
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
                    id={`palette-${d.type}`}
                    aria-selected={highlighted >= 0 && results[highlighted] === d}
                    data-highlighted={
                      highlighted >= 0 && results[highlighted] === d ? "true" : "false"
                    }
                    type="button"
                    draggable={!readOnly}
                    onDragStart={onDragStart}
                    onClick={() => add(d)}
                    data-type={d.type}
                    data-testid="palette-item"
                    title={`${d.description}${d.aliases.length ? ` (aliases: ${d.aliases.join(", ")})` : ""}`}
                    className={`flex w-full items-center gap-2 rounded px-1.5 py-0.5 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800 ${highlighted >= 0 && results[highlighted] === d ? "bg-sky-100 dark:bg-sky-900" : ""}`}
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
