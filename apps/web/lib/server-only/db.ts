import "server-only";
import { createPrismaClient, type PrismaClient } from "@layerwise/db";
import { webEnv } from "@/env";

let client: PrismaClient | undefined;

/** The web server's one Prisma client, created on first use (never at import time). */
export function getDb(): PrismaClient {
  client ??= createPrismaClient(webEnv().DATABASE_URL);
  return client;
}
