import type { TLayerDef } from "./types";

/** The linear family. */
export const LINEAR_LAYERS: readonly TLayerDef[] = [];
