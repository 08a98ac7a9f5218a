import type { TLayerDef } from "./types";

/** The merge family. */
export const MERGE_LAYERS: readonly TLayerDef[] = [];
