"use client";

import { modelFlowToDoc } from "@layerwise/model-doc";
import { useEffect, useState } from "react";
import { openLocalYDoc } from "../../lib/client-only/local-ydoc";
import { blankModel } from "../templates/blank-model";
import { ModelEditor } from "./model-editor";
import { applySavedTheme } from "./use-dark-mode";

/** localStorage key of the playground model. */
export const PLAYGROUND_KEY = "layerwise:playground:v1";

/** The editor on a Y.Doc kept in this browser (no account). Client-only: it reads localStorage. */
export default function PlaygroundEditor() {
  const [local] = useState(() => {
    applySavedTheme();
    return openLocalYDoc(PLAYGROUND_KEY, (ydoc) => modelFlowToDoc(ydoc, blankModel(), null));
  });
  useEffect(() => () => local.close(), [local]);
  return (
    <div className="flex h-screen flex-col">
      {local.loadError ? (
        <p role="alert" className="bg-amber-100 px-3 py-1 text-sm text-amber-900">
          {local.loadError}
        </p>
      ) : null}
      <div className="min-h-0 flex-1">
        <ModelEditor ydoc={local.ydoc} />
      </div>
    </div>
  );
}
