import { defineConfig } from "vitest/config";

// Every workspace's unit and integration tests in one run; each project keeps its own config.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "prisma", "scripts/vitest.config.mjs"],
  },
});
