import type { PrismaClient } from "@layerwise/db";
import type { TLogger } from "@layerwise/server-kit";
import type { TStorage } from "@layerwise/storage";
import type { Redis } from "ioredis";
import type { TRunnerLauncher } from "./runner-process";
import type { TSupervised } from "./supervise-runner";

/** Everything a worker's run processing needs, built once in index.ts (or by a test). */
export interface TTrainerContext {
  db: PrismaClient;
  /** A connection for PUBLISH only (a subscriber connection cannot publish). */
  redis: Redis;
  storage: TStorage;
  log: TLogger;
  python: string;
  /** `<host>:<pid>:<random>`, stored on the runs this process holds. */
  workerId: string;
  /** Local scratch: `runs/<id>` run directories and the `datasets` cache. */
  workDir: string;
  limits: { max_seconds: number; max_memory_mb: number };
  /** torch threads per run on a CPU host (unset: torch's default). */
  cpuThreads?: number;
  /** How often a running run's heartbeat is written (and its cancel flag read). */
  heartbeatMs: number;
  /** A heartbeat older than this means the worker holding the run is gone. */
  staleMs: number;
  /** After SIGTERM, how long the runner gets to write `end` before SIGKILL. */
  killGraceMs: number;
  /** Starts the runs' runners (from a spare started ahead of the run, when enabled). */
  runners: TRunnerLauncher;
  /** Runs this trainer trains now, so shutdown can interrupt them. */
  active: Map<string, TSupervised>;
}
