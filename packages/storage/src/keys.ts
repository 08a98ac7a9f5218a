/** Thrown for a storage key that could escape its root or that S3 and a filesystem disagree on. */
export class StorageKeyError extends Error {
  constructor(key: string, why: string) {
    super(`invalid storage key ${JSON.stringify(key)}: ${why}`);
    this.name = "StorageKeyError";
  }
}

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * Checks a key (`runs/<id>/best.pt`): `/`-separated segments of letters, digits, `.`, `_`, `-`,
 * none empty, `.` or `..`. One rule for both stores, so a key that works locally works on S3 and
 * can never name a path outside the local root.
 */
export function checkKey(key: string): string {
  if (key.length === 0 || key.length > 512) throw new StorageKeyError(key, "1 to 512 characters");
  for (const segment of key.split("/")) {
    if (segment === "" || segment === "." || segment === "..")
      throw new StorageKeyError(key, "empty, '.' or '..' segment");
    if (!SEGMENT.test(segment))
      throw new StorageKeyError(key, "only letters, digits, '.', '_' and '-' between slashes");
  }
  return key;
}

/** A prefix is a key that lists everything below it (`runs/<id>` → `runs/<id>/…`). */
export function checkPrefix(prefix: string): string {
  return checkKey(prefix.replace(/\/+$/, ""));
}
