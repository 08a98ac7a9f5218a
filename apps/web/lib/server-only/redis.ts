import "server-only";
import { Redis } from "ioredis";
import { webEnv } from "@/env";

let client: Redis | undefined;

/** The web server's shared Redis connection (rate limits), created on first use. */
export function getRedis(): Redis {
  client ??= new Redis(webEnv().REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
  return client;
}
