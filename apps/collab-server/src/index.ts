import { createPrismaClient } from "@layerwise/db";
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
const db = createPrismaClient(env.DATABASE_URL);

const collab = createCollabServer({
  secret: env.COLLAB_SECRET,
  databaseUrl: env.DATABASE_URL,
  db,
  redisUrl: env.REDIS_URL,
  log,
  health: health.report,
  allowedOrigins: env.COLLAB_ALLOWED_ORIGINS,
  maxMessageBytes: env.COLLAB_MAX_MESSAGE_BYTES,
  maxConnectionsPerMinute: env.COLLAB_MAX_CONNECTIONS_PER_MINUTE,
  awarenessPerSecond: env.COLLAB_AWARENESS_PER_SECOND,
  trustProxy: env.COLLAB_TRUST_PROXY,
});
collab.http.listen(env.COLLAB_PORT, env.COLLAB_HOST, () => {
  log.info("listening", {
    port: env.COLLAB_PORT,
    host: env.COLLAB_HOST,
    instance: collab.instanceId,
  });
});

// SIGTERM: commit what is pending, close every connection with 4503 (clients reconnect to
// another instance or to this one restarted), then let go of the databases.
onShutdown(log, async () => {
  await collab.close();
  await health.close();
  await db.$disconnect();
});
