import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/client/client";

export type { PrismaClient };

/**
 * Creates the one kind of Prisma client Layerwise uses: the generated client over node-postgres
 * (`@prisma/adapter-pg`), so no query engine binary is involved. Callers own its lifetime
 * (`$disconnect` on shutdown); nothing here reads the environment.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
