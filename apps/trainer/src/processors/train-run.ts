import { ZTrainJob } from "@layerwise/protocol";
import type { TLogger } from "@layerwise/server-kit";
import { UnrecoverableError, type Job } from "bullmq";

/**
 * Processes one `training` job. The job carries only `{runId}`; runs, their model snapshots and
 * metrics arrive with the training capability, so until then every job fails for good, with a
 * message saying why, instead of being retried or silently dropped.
 */
export async function trainRun(job: Job, log: TLogger): Promise<void> {
  const parsed = ZTrainJob.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(`job ${job.id} has no valid {runId}: ${parsed.error.message}`);
  }
  log.warn("training runs are not available in this version", { runId: parsed.data.runId });
  throw new UnrecoverableError("training runs are not available in this version of Layerwise");
}
