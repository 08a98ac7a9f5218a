import type { TLayerDef } from "./types";

/** The convolution family. */
export const CONVOLUTION_LAYERS: readonly TLayerDef[] = [];
