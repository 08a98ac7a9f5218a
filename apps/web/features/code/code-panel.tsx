"use client";

import { CodegenError, generatePyTorch } from "@layerwise/graph-core";
import { memo, useMemo, useState } from "react";
import { downloadFile, fileStem } from "../../lib/client-only/download";
import { useEditor } from "../editor/editor-context";
import { highlightPython } from "@layerwise/ui";

/** The generated PyTorch module, live; copy and download. Mounted only while its tab is open. */
function CodePanelView() {
  const flow = useEditor((s) => s.flow);
  const analysis = useEditor((s) => s.analysis);
  const [copied, setCopied] = useState(false);
  const result = useMemo(() => {
    try {
      return { ok: true as const, code: generatePyTorch(flow, analysis) };
    } catch (e) {
      return {
        ok: false as const,
        message:
          e instanceof CodegenError
            ? `${e.message} Fix the ${analysis.errorCount} error(s) listed under Problems.`
            : String(e),
      };
    }
  }, [flow, analysis]);
  const html = useMemo(() => (result.ok ? highlightPython(result.code) : null), [result]);

  if (!result.ok)
    return (
      <p className="p-3 text-sm text-red-600" data-testid="code-error">
        {result.message}
      </p>
    );
  return (
    <div className="flex h-full flex-col">
      <div className="flex gap-2 border-b border-slate-200 px-3 py-1 dark:border-slate-800">
        <button
          type="button"
          className="rounded px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
          onClick={() => {
            void navigator.clipboard?.writeText(result.code).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button
          type="button"
          className="rounded px-2 py-0.5 text-xs hover:bg-slate-100 dark:hover:bg-slate-800"
          onClick={() => downloadFile(`${fileStem(flow.name)}.py`, result.code, "text/x-python")}
        >
          Download .py
        </button>
      </div>
      <pre
        className="min-h-0 flex-1 overflow-auto p-3 font-mono text-xs leading-relaxed"
        data-testid="code"
      >
        <code>{html}</code>
      </pre>
    </div>
  );
}

/** The code panel. */
export const CodePanel = memo(CodePanelView);
