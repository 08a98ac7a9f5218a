import type { NextConfig } from "next";

const config: NextConfig = {
  // Separate build folders let parallel builds (e.g. two e2e runs) coexist: NEXT_DIST_DIR=.next-b
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Workspace packages ship TypeScript sources; Next compiles them with the app.
  transpilePackages: [
    "@layerwise/graph-core",
    "@layerwise/model-doc",
    "@layerwise/ui",
    "@layerwise/protocol",
    "@layerwise/server-kit",
    "@layerwise/db",
    "@layerwise/collab-store",
    "@layerwise/storage",
  ],
  // yjs once per server process: bundled per route layer it loads twice, and Yjs warns that its constructor checks break.
  serverExternalPackages: [
    "pg",
    "ioredis",
    "@aws-sdk/client-s3",
    "@prisma/adapter-pg",
    "@prisma/client",
    "yjs",
  ],
  // NEXT_SOURCEMAPS=1: browser source maps in a production build, for bench/profile-editor.mjs
  // to name the functions of a CPU profile.
  productionBrowserSourceMaps: process.env.NEXT_SOURCEMAPS === "1",
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default config;
