import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    passWithNoTests: true,
    testTimeout: 60_000,
    // Each file trains real models and starts trainers; one at a time keeps the machine usable.
    fileParallelism: false,
  },
});
