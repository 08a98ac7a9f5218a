import type { TLayerDef } from "./types";

/** The normalization family. */
export const NORMALIZATION_LAYERS: readonly TLayerDef[] = [];
