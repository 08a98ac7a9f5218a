import type { TLayerDef } from "./types";

/** The pooling family. */
export const POOLING_LAYERS: readonly TLayerDef[] = [];
