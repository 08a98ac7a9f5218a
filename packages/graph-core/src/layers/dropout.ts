import type { TLayerDef } from "./types";

/** The dropout family. */
export const DROPOUT_LAYERS: readonly TLayerDef[] = [];
