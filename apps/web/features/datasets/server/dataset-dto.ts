import "server-only";
import type { Dataset } from "@layerwise/db";
import type { TDatasetDto, TDatasetStatsDto } from "../schemas";
import type { TBuiltinDataset } from "./builtin-datasets";

/** A stored dataset row as the API shows it (built-ins under their well-known id). */
export function datasetDto(row: Dataset, builtin?: TBuiltinDataset): TDatasetDto {
  return {
    id: row.builtinKey ?? row.id,
    name: builtin?.name ?? row.name,
    description: builtin?.description ?? "",
    task: row.task as TDatasetDto["task"],
    source: row.source,
    teamId: row.teamId,
    count: row.count,
    trainCount: row.trainCount,
    valCount: row.valCount,
    sampleShape: row.sampleShape as TDatasetDto["sampleShape"],
    classes: row.classes as string[],
    stats: (row.stats as TDatasetStatsDto | null) ?? null,
    sizeBytes: Number(row.sizeBytes),
    isReady: true,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A built-in that has not been generated yet: its known counts, no stats. */
export function builtinDto(builtin: TBuiltinDataset): TDatasetDto {
  return {
    id: builtin.id,
    name: builtin.name,
    description: builtin.description,
    task: builtin.task,
    source: "builtin",
    teamId: null,
    count: builtin.count,
    trainCount: builtin.trainCount,
    valCount: builtin.valCount,
    sampleShape: builtin.sampleShape,
    classes: builtin.classes,
    stats: null,
    sizeBytes: null,
    isReady: false,
    createdAt: null,
  };
}
