import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript sources; Next compiles them with the app.
  transpilePackages: ["@layerwise/graph-core", "@layerwise/model-doc", "@layerwise/ui", "@layerwise/protocol", "@layerwise/server-kit", "@layerwise/db"],
  serverExternalPackages: ["pg", "ioredis", "@prisma/adapter-pg", "@prisma/client"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default config;
