import type { TLayerDef } from "./types";

/** The reshape family. */
export const RESHAPE_LAYERS: readonly TLayerDef[] = [];
