import { defineConfig } from "vitest/config";

// Every file starts real servers against the shared Postgres and Redis (the fault test several
// processes): one file at a time keeps the machine responsive and the timings meaningful.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 30_000, fileParallelism: false },
});
