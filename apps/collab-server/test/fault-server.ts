/*
 * The collab server as the fault test runs it: the production wiring of src/index.ts (same env,
 * same createCollabServer), except that it starts listening only when told on stdin. The test
 * keeps the next process loaded and waiting, so that a restart after SIGKILL costs
 * milliseconds instead of a Node start on a busy machine.
 */
import { createInterface } from "node:readline";
import { createPrismaClient } from "@layerwise/db";
import { createLogger, readEnvOrExit } from "@layerwise/server-kit";
import { readCollabEnv } from "../src/env";
import { createCollabServer } from "../src/server";

const env = readEnvOrExit(readCollabEnv);
const collab = createCollabServer({
  secret: env.COLLAB_SECRET,
  databaseUrl: env.DATABASE_URL,
  db: createPrismaClient(env.DATABASE_URL),
  redisUrl: env.REDIS_URL,
  log: createLogger("collab-fault", env.LOG_LEVEL),
  health: async () => ({ status: "ok" }),
  allowedOrigins: env.COLLAB_ALLOWED_ORIGINS,
  maxMessageBytes: env.COLLAB_MAX_MESSAGE_BYTES,
  maxConnectionsPerMinute: env.COLLAB_MAX_CONNECTIONS_PER_MINUTE,
  awarenessPerSecond: env.COLLAB_AWARENESS_PER_SECOND,
  trustProxy: false,
});
const input = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
input.once("line", () => {
  collab.http.listen(env.COLLAB_PORT, env.COLLAB_HOST, () => process.stdout.write("listening\n"));
});
