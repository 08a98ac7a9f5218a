"use client";

import { ShortcutsDialog } from "@layerwise/ui";
import { SHORTCUTS } from "./use-editor-shortcuts";

/** The keyboard shortcuts overlay (press ?). */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return <ShortcutsDialog shortcuts={SHORTCUTS} onClose={onClose} />;
}
