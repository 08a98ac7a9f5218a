import type { TLayerDef } from "./types";

/** The attention family. */
export const ATTENTION_LAYERS: readonly TLayerDef[] = [];
