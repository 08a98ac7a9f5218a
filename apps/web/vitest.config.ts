import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit tests beside the code; Playwright owns e2e/.
export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside React Server Components; tests run server code directly.
      "server-only": fileURLToPath(
        new URL("../../node_modules/server-only/empty.js", import.meta.url),
      ),
    },
  },
  test: {
    include: ["**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**", ".next/**", ".next-*/**", "e2e/**"],
    passWithNoTests: true,
    setupFiles: ["./vitest.setup.ts"],
    // Integration tests share one Postgres; files run one at a time to keep the machine responsive.
    fileParallelism: false,
    testTimeout: 30_000,
  },
});
