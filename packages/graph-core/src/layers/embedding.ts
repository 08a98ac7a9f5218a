import type { TLayerDef } from "./types";

/** The embedding family. */
export const EMBEDDING_LAYERS: readonly TLayerDef[] = [];
