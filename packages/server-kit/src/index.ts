export { EnvError, envFields, parseEnv } from "./env";
export { createLogger } from "./log";
export type { TLogger, TLogLevel } from "./log";
export {
  checkPostgres,
  checkRedis,
  createHealthPool,
  createHealthRedis,
  healthReport,
} from "./health";
export type { TDependencyStatus, THealthReport } from "./health";
export { onShutdown } from "./shutdown";
