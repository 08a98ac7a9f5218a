import {
  EnvError,
  checkPostgres,
  checkRedis,
  createHealthPool,
  createHealthRedis,
  createLogger,
  healthReport,
  onShutdown,
} from "@layerwise/server-kit";
import { readCollabEnv } from "./env";
import { createCollabServer } from "./server";

let env;
try {
  env = readCollabEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const log = createLogger("collab-server", env.LOG_LEVEL);
const pool = createHealthPool(env.DATABASE_URL);
const redis = createHealthRedis(env.REDIS_URL);

const server = createCollabServer({
  secret: env.COLLAB_SECRET,
  log,
  health: () =>
    healthReport("collab-server", {
      postgres: () => checkPostgres(pool),
      redis: () => checkRedis(redis),
    }),
});

server.listen(env.COLLAB_PORT, env.COLLAB_HOST, () => {
  log.info("listening", { port: env.COLLAB_PORT, host: env.COLLAB_HOST });
});

onShutdown(log, async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  redis.disconnect();
  await pool.end();
});
