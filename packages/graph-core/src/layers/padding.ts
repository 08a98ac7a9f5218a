import type { TLayerDef } from "./types";

/** The padding family. */
export const PADDING_LAYERS: readonly TLayerDef[] = [];
