"use client";

import { setMeta } from "@layerwise/model-doc";
import { memo, useSyncExternalStore, type ReactNode } from "react";
import { ModelFileMenu } from "../templates/model-file-menu";
import { expandSelection, groupRepeats, groupSelection } from "./editor-actions";
import { useEditor, useEditorContext } from "./editor-context";

const BUTTON =
  "rounded px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-40 dark:hover:bg-slate-800";

interface TProps {
  onMessage: (m: string | null) => void;
  onToggleAlignment: () => void;
  onToggleHelp: () => void;
  dark: boolean;
  onToggleDark: () => void;
  /** The host's own actions (the project page's Train button), inside the editor's context. */
  extra?: ReactNode;
}

/** Model name, file menu, undo/redo, alignment, auto-align, theme and help. */
function EditorToolbarView({
  onMessage,
  onToggleAlignment,
  onToggleHelp,
  dark,
  onToggleDark,
  extra,
}: TProps) {
  const { store, readOnly } = useEditorContext();
  const meta = useEditor((s) => s.meta);
  const selectionSize = useEditor((s) => s.selection.length);
  const blockSelected = useEditor(
    (s) => s.selection.length > 0 && s.nodes.some((n) => n.selected && n.data.type === "Block"),
  );
  const canUndo = useSyncExternalStore(
    (cb) => {
      store.undo.on("stack-item-added", cb);
      store.undo.on("stack-item-popped", cb);
      store.undo.on("stack-cleared", cb);
      return () => {
        store.undo.off("stack-item-added", cb);
        store.undo.off("stack-item-popped", cb);
        store.undo.off("stack-cleared", cb);
      };
    },
    () => `${store.undo.canUndo()}:${store.undo.canRedo()}`,
    () => "false:false",
  );
  const [undoable, redoable] = canUndo.split(":").map((v) => v === "true");
  return (
    <header className="flex h-10 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-2 dark:border-slate-800 dark:bg-slate-900">
      <input
        key={meta.name}
        aria-label="Model name"
        defaultValue={meta.name}
        readOnly={readOnly}
        onBlur={(e) =>
          e.target.value.trim() &&
          e.target.value !== meta.name &&
          setMeta(store.ydoc, "name", e.target.value.trim())
        }
        className="w-48 rounded border border-transparent bg-transparent px-1 text-sm font-semibold hover:border-slate-300 dark:hover:border-slate-700"
      />
      <ModelFileMenu onMessage={onMessage} />
      <span className="mx-1 h-5 w-px bg-slate-200 dark:bg-slate-700" />
      <button
        type="button"
        className={BUTTON}
        disabled={readOnly || !undoable}
        onClick={() => store.undo.undo()}
        title="Undo (Ctrl+Z)"
      >
        Undo
      </button>
      <button
        type="button"
        className={BUTTON}
        disabled={readOnly || !redoable}
        onClick={() => store.undo.redo()}
        title="Redo (Ctrl+Shift+Z)"
      >
        Redo
      </button>
      <button
        type="button"
        className={BUTTON}
        disabled={readOnly || selectionSize < 2}
        onClick={() => onMessage(groupSelection(store))}
        title="Group into a block (Ctrl+G)"
      >
        Group
      </button>
      <button
        type="button"
        className={BUTTON}
        disabled={readOnly || selectionSize < 2}
        onClick={() => onMessage(groupRepeats(store))}
        title="Group the selection and every repeat of its structure (each DoubleConv, each residual block) into blocks named as in the code"
        data-testid="group-repeats"
      >
        Group repeats
      </button>
      <button
        type="button"
        className={BUTTON}
        disabled={readOnly || !blockSelected}
        onClick={() => onMessage(expandSelection(store))}
        title="Expand the block (Ctrl+Shift+G)"
      >
        Expand
      </button>
      <span className="mx-1 h-5 w-px bg-slate-200 dark:bg-slate-700" />
      <div
        role="radiogroup"
        aria-label="Alignment"
        className="flex overflow-hidden rounded border border-slate-300 dark:border-slate-700"
      >
        {(["simple", "unet"] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={meta.alignment === mode}
            disabled={readOnly}
            onClick={() => meta.alignment !== mode && onToggleAlignment()}
            className={`px-2 py-1 text-xs ${meta.alignment === mode ? "bg-sky-600 text-white" : ""}`}
          >
            {mode === "unet" ? "U-Net" : "Simple"}
          </button>
        ))}
      </div>
      <label className="flex items-center gap-1 text-xs">
        <input
          type="checkbox"
          checked={meta.autoAlign}
          disabled={readOnly}
          onChange={(e) => setMeta(store.ydoc, "autoAlign", e.target.checked)}
        />
        Auto-align
      </label>
      <span className="flex-1" />
      {extra}
      <button type="button" className={BUTTON} onClick={onToggleDark} aria-pressed={dark}>
        {dark ? "Light" : "Dark"}
      </button>
      <button
        type="button"
        className={BUTTON}
        onClick={onToggleHelp}
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
    </header>
  );
}

/** The editor toolbar. */
export const EditorToolbar = memo(EditorToolbarView);
