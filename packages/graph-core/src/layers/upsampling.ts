import type { TLayerDef } from "./types";

/** The upsampling family. */
export const UPSAMPLING_LAYERS: readonly TLayerDef[] = [];
