export { StorageConfigError, createStorage, storageEnvFields } from "./config";
export type { TStorageEnv } from "./config";
export { StorageKeyError, checkKey, checkPrefix } from "./keys";
export { LocalStorage } from "./local";
export { S3Storage } from "./s3";
export type { TS3Options } from "./s3";
export { downloadPrefix, uploadDir } from "./sync";
export type { TStorage, TStoredObject } from "./types";
