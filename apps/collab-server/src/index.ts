import {
  createDependencyHealth,
  createLogger,
  onShutdown,
  readEnvOrExit,
} from "@layerwise/server-kit";
import { readCollabEnv } from "./env";
import { createCollabServer } from "./server";

const env = readEnvOrExit(readCollabEnv);
const log = createLogger("collab-server", env.LOG_LEVEL);
const health = createDependencyHealth("collab-server", {
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
});

const server = createCollabServer({ secret: env.COLLAB_SECRET, log, health: health.report });
server.listen(env.COLLAB_PORT, env.COLLAB_HOST, () => {
  log.info("listening", { port: env.COLLAB_PORT, host: env.COLLAB_HOST });
});

onShutdown(log, async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await health.close();
});
