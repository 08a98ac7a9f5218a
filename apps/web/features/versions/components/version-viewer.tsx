"use client";

import type { TModelFlow } from "@layerwise/graph-core";
import { modelFlowToDoc } from "@layerwise/model-doc";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import * as Y from "yjs";

const ModelEditor = dynamic(
  () => import("@/features/editor/model-editor").then((m) => m.ModelEditor),
  {
    ssr: false,
    loading: () => <p className="p-6 text-sm text-slate-500">Loading the model…</p>,
  },
);

/** A version's model in the editor, read-only (a throwaway Y.Doc: nothing is ever saved). */
export function VersionViewer({ model }: { model: TModelFlow }) {
  const [ydoc] = useState(() => {
    const doc = new Y.Doc();
    modelFlowToDoc(doc, model, null);
    return doc;
  });
  useEffect(() => () => ydoc.destroy(), [ydoc]);
  return <ModelEditor ydoc={ydoc} readOnly />;
}
