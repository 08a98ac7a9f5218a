import { EnvError } from "@layerwise/server-kit";
import { webEnv } from "./env";

/** Stops the server with a clear message when a variable is wrong, before the first request. */
export function validateEnvAtStart(): void {
  try {
    webEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
