export { EnvError, envFields, parseEnv, readEnvOrExit } from "./env";
export { createLogger } from "./log";
export type { TLogger, TLogLevel } from "./log";
export {
  checkPostgres,
  checkRedis,
  createDependencyHealth,
  createHealthPool,
  createHealthRedis,
  healthReport,
} from "./health";
export type { TDependencyStatus, THealthReport } from "./health";
export { onShutdown } from "./shutdown";
export { pidsWorkingIn } from "./processes";
