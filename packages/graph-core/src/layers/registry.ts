/**
 * The layer catalogue: every family array imported explicitly (no registration by side effect),
 * plus lookups by type and by palette alias.
 */
import { BLOCK_LAYERS } from "../analysis/block-defs";
import { ACTIVATION_LAYERS } from "./activation";
import { ATTENTION_LAYERS } from "./attention";
import { CONVOLUTION_LAYERS } from "./convolution";
import { DROPOUT_LAYERS } from "./dropout";
import { EMBEDDING_LAYERS } from "./embedding";
import { IO_LAYERS } from "./io";
import { LINEAR_LAYERS } from "./linear";
import { MERGE_LAYERS } from "./merge";
import { NORMALIZATION_LAYERS } from "./normalization";
import { MORE_NORMALIZATION_LAYERS } from "./normalization-extra";
import { PADDING_LAYERS } from "./padding";
import { POOLING_LAYERS } from "./pooling";
import { RECURRENT_LAYERS } from "./recurrent";
import { LP_FRACTIONAL_POOLING_LAYERS } from "./pooling-lp";
import { RESHAPE_LAYERS } from "./reshape";
import { TRANSFORMER_LAYERS } from "./transformer";
import type { TLayerDef } from "./types";
import { UNSUPPORTED_LAYERS } from "./unsupported";
import { UPSAMPLING_LAYERS } from "./upsampling";

/** Every layer definition, in palette order. */
export const LAYER_DEFS: readonly TLayerDef[] = [
  ...IO_LAYERS,
  ...CONVOLUTION_LAYERS,
  ...POOLING_LAYERS,
  ...LP_FRACTIONAL_POOLING_LAYERS,
  ...UPSAMPLING_LAYERS,
  ...PADDING_LAYERS,
  ...NORMALIZATION_LAYERS,
  ...MORE_NORMALIZATION_LAYERS,
  ...ACTIVATION_LAYERS,
  ...DROPOUT_LAYERS,
  ...RESHAPE_LAYERS,
  ...LINEAR_LAYERS,
  ...RECURRENT_LAYERS,
  ...ATTENTION_LAYERS,
  ...TRANSFORMER_LAYERS,
  ...EMBEDDING_LAYERS,
  ...MERGE_LAYERS,
  ...BLOCK_LAYERS,
  ...UNSUPPORTED_LAYERS,
];

const BY_TYPE = new Map<string, TLayerDef>();
const BY_ALIAS = new Map<string, TLayerDef[]>();
for (const def of LAYER_DEFS) {
  if (!BY_TYPE.has(def.type)) BY_TYPE.set(def.type, def);
  for (const key of [
    def.type.toLowerCase(),
    def.label.toLowerCase(),
    ...def.aliases.map((a) => a.toLowerCase()),
  ]) {
    const list = BY_ALIAS.get(key);
    if (list === undefined) BY_ALIAS.set(key, [def]);
    else if (!list.includes(def)) list.push(def);
  }
}

/** The definition of a node type (`Conv2d`, `Input`, `Block`…), or undefined when unknown. */
export function getLayerDef(type: string): TLayerDef | undefined {
  return BY_TYPE.get(type);
}

/**
 * Definitions matching a palette alias or type name, case-insensitive and exact (`"conv"` →
 * Conv2d, `"bn"` → BatchNorm2d…), in palette order. Empty when nothing matches.
 */
export function findLayerDefsByAlias(alias: string): readonly TLayerDef[] {
  return BY_ALIAS.get(alias.trim().toLowerCase()) ?? [];
}

/**
 * Palette search: exact alias/type matches first, then types, labels or aliases containing the
 * query, each group in palette order.
 */
export function searchLayerDefs(query: string): TLayerDef[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [...LAYER_DEFS];
  const exact = findLayerDefsByAlias(q);
  const rest = LAYER_DEFS.filter(
    (d) =>
      !exact.includes(d) &&
      (d.type.toLowerCase().includes(q) ||
        d.label.toLowerCase().includes(q) ||
        d.aliases.some((a) => a.toLowerCase().includes(q))),
  );
  return [...exact, ...rest];
}
