import type { Redis } from "ioredis";

const TTL_S = 15;
const keyOf = (prefix: string, workerId: string) => `${prefix}:training:workers:${workerId}`;

/**
 * Announces this worker's slots to the dispatchers: a key with a TTL refreshed every 5 s, so a
 * worker that dies stops counting within 15 s without anyone cleaning up after it.
 */
export function registerWorker(
  redis: Redis,
  prefix: string,
  workerId: string,
  slots: number,
): { stop(): Promise<void> } {
  const key = keyOf(prefix, workerId);
  const refresh = () => redis.set(key, String(slots), "EX", TTL_S).catch(() => undefined);
  void refresh();
  const timer = setInterval(refresh, 5000);
  return {
    async stop() {
      clearInterval(timer);
      await redis.del(key).catch(() => undefined);
    },
  };
}

/** Total slots of the live workers of this pool. */
export async function poolCapacity(redis: Redis, prefix: string): Promise<number> {
  let total = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", keyOf(prefix, "*"), "COUNT", 200);
    cursor = next;
    if (keys.length > 0) {
      for (const value of await redis.mget(...keys)) total += Number(value ?? 0) || 0;
    }
  } while (cursor !== "0");
  return total;
}
