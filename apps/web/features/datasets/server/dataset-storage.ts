import "server-only";
import type { TStorage } from "@layerwise/storage";
import { runStorage } from "@/features/training/server/run-storage";

/** The part of the storage interface (packages/storage `TStorage`) datasets use. */
export type TDatasetStore = Pick<TStorage, "write" | "read" | "deletePrefix">;

/** Where dataset files are kept: the one configured store (DATA_DIR or S3), shared with runs. */
export function datasetStore(): TDatasetStore {
  return runStorage();
}

/** Storage key of a dataset's directory. */
export const datasetPrefix = (id: string): string => `datasets/${id}`;
