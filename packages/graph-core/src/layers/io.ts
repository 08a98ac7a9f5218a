import type { TLayerDef } from "./types";

/** The io family. */
export const IO_LAYERS: readonly TLayerDef[] = [];
