import { defineConfig } from "prisma/config";

// Only the CLI reads this (generate; `migrate deploy` on machines with the native engine).
// The apps connect through the pg driver adapter in src/client.ts.
export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/layerwise" },
});
