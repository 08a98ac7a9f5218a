// One lint configuration for the monorepo (flat config).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next*/**",
      "**/dist/**",
      "**/.turbo/**",
      "**/coverage/**",
      "**/test-results/**",
      "**/playwright-report/**",
      "prisma/generated/**",
      ".data/**",
      "**/next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        AbortSignal: "readonly",
        TextEncoder: "readonly",
        Buffer: "readonly",
        performance: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always"],
      "no-console": "off",
    },
  },
  {
    files: ["apps/web/**/*.tsx", "apps/web/**/*.ts", "packages/ui/**/*.tsx", "packages/ui/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // graph-core runs in the browser and on every server: no React, Yjs, Node or DOM in its core.
    files: ["packages/graph-core/src/**/*.ts"],
    ignores: ["packages/graph-core/src/cli.ts", "packages/graph-core/src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*"],
              message:
                "graph-core's core is platform-free: no Node APIs (only src/cli.ts may use them).",
            },
            {
              group: ["fs", "path", "child_process", "os", "url", "crypto"],
              message: "graph-core's core is platform-free: no Node APIs.",
            },
            {
              group: ["react", "react-dom", "react/*", "yjs", "y-*", "@xyflow/*"],
              message: "graph-core imports nothing from React or Yjs.",
            },
          ],
        },
      ],
      "no-restricted-globals": ["error", "window", "document", "navigator", "localStorage"],
    },
  },
  {
    // Apps never import each other; they share code through packages/* and prisma/.
    files: ["apps/**/*.ts", "apps/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@layerwise/web",
                "@layerwise/collab-server",
                "@layerwise/trainer",
                "**/apps/*",
              ],
              message: "Apps never import another app.",
            },
          ],
        },
      ],
    },
  },
);
