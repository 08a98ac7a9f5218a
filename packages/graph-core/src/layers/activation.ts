import type { TLayerDef } from "./types";

/** The activation family. */
export const ACTIVATION_LAYERS: readonly TLayerDef[] = [];
