import {
  MODEL_FLOW_FORMAT,
  MODEL_FLOW_VERSION,
  parseModelFlow,
  type TModelFlow,
  type TParseError,
} from "@layerwise/graph-core";
import { docToModelFlow, modelFlowToDoc } from "@layerwise/model-doc";
import * as Y from "yjs";

/*
 * Project.ydocState ⇄ model-flow on the server. The Y.Doc layout belongs to @layerwise/model-doc
 * (the one shared converter); this file adds what storage needs: decoding untrusted bytes
 * safely and validating the result with graph-core before anything is stored.
 */

/** Largest Y.Doc state the server accepts (a 500-node model is well under 1 MiB). */
export const MAX_YDOC_STATE_BYTES = 4 * 1024 * 1024;

/** What reading stored or uploaded Y.Doc state can produce. */
export type TModelReadResult =
  { ok: true; model: TModelFlow } | { ok: false; errors: TParseError[] };

/** Reads the model out of a loaded Y.Doc, validated by graph-core. */
export function modelFromYdoc(doc: Y.Doc): TModelReadResult {
  let raw: TModelFlow;
  try {
    raw = docToModelFlow(doc);
  } catch {
    return { ok: false, errors: [{ path: "", message: "the Y.Doc does not hold a model" }] };
  }
  const parsed = parseModelFlow(raw);
  return parsed.ok ? { ok: true, model: parsed.doc } : { ok: false, errors: parsed.errors };
}

/** Decodes stored or uploaded state; malformed bytes are an error, never an exception. */
export function modelFromYdocState(state: Uint8Array): TModelReadResult {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
  } catch {
    return {
      ok: false,
      errors: [{ path: "", message: "the model data is not a valid Y.Doc update" }],
    };
  }
  return modelFromYdoc(doc);
}

/**
 * Merges an editor's Y.Doc state into the stored one (CRDT merge, like the collab server will
 * do), so two tabs saving the same project both keep their edits. Null for malformed bytes.
 */
export function mergeYdocStates(
  stored: Uint8Array | null,
  incoming: Uint8Array,
): Uint8Array<ArrayBuffer> | null {
  try {
    const merged = stored && stored.length > 0 ? Y.mergeUpdates([stored, incoming]) : incoming;
    // mergeUpdates does not decode deeply: applying proves the result is a usable document.
    Y.applyUpdate(new Y.Doc(), merged);
    return new Uint8Array(merged);
  } catch {
    return null;
  }
}

/**
 * Replaces the model held by stored state with `model` in one transaction on that document, so
 * the change is an ordinary update on its history (open editors merging later see a replace,
 * not a foreign document).
 */
export function replaceModelInState(
  stored: Uint8Array | null,
  model: TModelFlow,
): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  if (stored && stored.length > 0) Y.applyUpdate(doc, stored);
  modelFlowToDoc(doc, model);
  return new Uint8Array(Y.encodeStateAsUpdate(doc));
}

/** An empty model: what a blank project starts with. */
export function blankModel(name: string): TModelFlow {
  return { format: MODEL_FLOW_FORMAT, version: MODEL_FLOW_VERSION, name, nodes: [], edges: [] };
}
