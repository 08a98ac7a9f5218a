import "server-only";
import { createStorage, type TStorage } from "@layerwise/storage";
import { webEnv } from "@/env";

let storage: TStorage | undefined;

/** The datasets and run files store (packages/storage), created on first use. */
export function runStorage(): TStorage {
  storage ??= createStorage(webEnv());
  return storage;
}
