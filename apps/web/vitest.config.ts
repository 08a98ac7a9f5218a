import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit tests beside the code; Playwright owns e2e/.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**", ".next/**", "e2e/**"],
    passWithNoTests: true,
  },
});
