import { appendRunEvent, type PrismaClient } from "@layerwise/db";
import { TRAINING_QUEUE, runChannel, type TTrainingEvent } from "@layerwise/protocol";
import type { TLogger } from "@layerwise/server-kit";
import type { TStorage } from "@layerwise/storage";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { pickFairly, type TWaitingRun } from "./fair-pick";
import { poolCapacity } from "./worker-registry";

type TTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export interface TDispatcherOptions {
  db: PrismaClient;
  redis: Redis;
  queue: Queue;
  storage: TStorage;
  log: TLogger;
  /** BullMQ prefix of the pool (the queue's and the worker registry's). */
  prefix: string;
  perTeamLimit: number;
  /** A `running` run whose heartbeat is older than this has lost its worker. */
  lostMs: number;
  maxAttempts: number;
  /** Only these teams' runs (a pool dedicated to some teams); all teams when absent. */
  teamIds?: string[];
}

/*
 * Where the dispatcher runs: in every trainer process, each tick inside a Postgres transaction
 * holding pg_try_advisory_xact_lock. Postgres is where the truth is (which runs are queued,
 * running, for which team), so deciding under a Postgres lock reads a consistent picture; the
 * lock dies with the connection of a crashed trainer (no lease to tune, unlike a Redis lock);
 * and there is no extra service to deploy or keep alive — any live trainer dispatches, and a
 * tick that finds the lock taken simply skips.
 */
function lockKey(prefix: string): bigint {
  let h = 0x4c57_5452n;
  for (const c of prefix) h = (h * 31n + BigInt(c.charCodeAt(0))) % 0x7fff_ffff_ffffn;
  return h;
}

/** Counts of runs in flight per team, and the runs still waiting in Postgres (oldest first). */
async function loadQueueState(tx: TTx, teamIds: string[] | undefined) {
  const scope = teamIds ? { teamId: { in: teamIds } } : {};
  const inFlight = await tx.run.groupBy({
    by: ["teamId"],
    where: {
      ...scope,
      OR: [{ status: "running" }, { status: "queued", enqueuedAt: { not: null } }],
    },
    _count: { _all: true },
  });
  const waiting: TWaitingRun[] = await tx.run.findMany({
    where: { ...scope, status: "queued", enqueuedAt: null, cancelRequestedAt: null },
    orderBy: [{ queuedAt: "asc" }, { id: "asc" }],
    select: { id: true, teamId: true, queuedAt: true },
    take: 2000,
  });
  return { inFlight: new Map(inFlight.map((r) => [r.teamId, r._count._all])), waiting };
}

/** The dispatcher and reconciler of one pool; `tick()` does one round of both. */
export function createDispatcher(o: TDispatcherOptions) {
  const emit = async (tx: TTx, runId: string, event: TTrainingEvent) => {
    const stamped = { ...event, time: new Date().toISOString() };
    const seq = await appendRunEvent(tx, runId, stamped);
    await o.redis.publish(runChannel(runId), JSON.stringify({ seq, event: stamped }));
  };

  async function dispatch(tx: TTx): Promise<number> {
    const { inFlight, waiting } = await loadQueueState(tx, o.teamIds);
    if (waiting.length === 0) return 0;
    const used = [...inFlight.values()].reduce((a, b) => a + b, 0);
    const free = (await poolCapacity(o.redis, o.prefix)) - used;
    const picks = pickFairly(waiting, inFlight, free, o.perTeamLimit);
    for (const run of picks) {
      await tx.run.update({ where: { id: run.id }, data: { enqueuedAt: new Date() } });
      // Job id = run id; finished jobs are removed so a resumed run can be enqueued again.
      await o.queue.add(
        TRAINING_QUEUE,
        { runId: run.id },
        { jobId: run.id, removeOnComplete: true, removeOnFail: true, attempts: 1 },
      );
    }
    return picks.length;
  }

  /** Queued runs Postgres handed to Redis that Redis no longer has: hand them over again. */
  async function repairLostJobs(tx: TTx): Promise<number> {
    const scope = o.teamIds ? { teamId: { in: o.teamIds } } : {};
    const handed = await tx.run.findMany({
      where: { ...scope, status: "queued", enqueuedAt: { lt: new Date(Date.now() - 3000) } },
      select: { id: true },
      take: 500,
    });
    let repaired = 0;
    for (const { id } of handed) {
      const job = await o.queue.getJob(id);
      const state = job ? await job.getState() : "missing";
      if (["missing", "unknown", "completed", "failed"].includes(state)) {
        await tx.run.update({ where: { id }, data: { enqueuedAt: null } });
        repaired++;
      }
    }
    return repaired;
  }

  /** Running runs whose worker died: back to the queue from their checkpoint, or failed. */
  async function repairDeadWorkers(tx: TTx): Promise<number> {
    const scope = o.teamIds ? { teamId: { in: o.teamIds } } : {};
    const dead = await tx.run.findMany({
      where: { ...scope, status: "running", heartbeatAt: { lt: new Date(Date.now() - o.lostMs) } },
      take: 200,
    });
    for (const run of dead) {
      const since = run.heartbeatAt?.toISOString() ?? "never";
      if (run.cancelRequestedAt) {
        // Cancelled while its worker was dying: nothing is left to stop.
        await tx.run.update({
          where: { id: run.id },
          data: { status: "cancelled", finishedAt: new Date(), workerId: null },
        });
        await emit(tx, run.id, { type: "status", status: "cancelled" });
        continue;
      }
      const checkpoint = await o.storage.stat(`runs/${run.id}/checkpoint.pt`);
      if ((checkpoint || run.epochsDone === 0) && run.attempt < o.maxAttempts) {
        await tx.run.update({
          where: { id: run.id },
          data: { status: "queued", workerId: null, enqueuedAt: null, heartbeatAt: null },
        });
        const from = checkpoint
          ? `its checkpoint (epoch ${run.epochsDone})`
          : "the start (no epoch had finished)";
        await emit(tx, run.id, {
          type: "status",
          status: "queued",
          error: `its worker stopped (last heartbeat ${since}); resuming from ${from}`,
        });
      } else {
        const error = checkpoint
          ? `its worker stopped (last heartbeat ${since}) after ${run.attempt} attempts`
          : `its worker stopped (last heartbeat ${since}) before a checkpoint was saved`;
        await tx.run.update({
          where: { id: run.id },
          data: { status: "failed", error, finishedAt: new Date(), workerId: null },
        });
        await emit(tx, run.id, { type: "status", status: "failed", error });
      }
    }
    return dead.length;
  }

  return {
    /** One round: repair what Redis lost or dead workers left, then fill the free slots. */
    async tick(): Promise<{ locked: boolean; dispatched: number; repaired: number }> {
      return o.db.$transaction(
        async (tx) => {
          const rows = await tx.$queryRaw<{ locked: boolean }[]>`
            SELECT pg_try_advisory_xact_lock(${lockKey(o.prefix)}) AS locked`;
          if (!rows[0]?.locked) return { locked: false, dispatched: 0, repaired: 0 };
          const repaired = (await repairLostJobs(tx)) + (await repairDeadWorkers(tx));
          const dispatched = await dispatch(tx);
          if (dispatched + repaired > 0) o.log.info("dispatch", { dispatched, repaired });
          return { locked: true, dispatched, repaired };
        },
        { maxWait: 10_000, timeout: 30_000 },
      );
    },
  };
}

/** The dispatcher's type, for index.ts and tests. */
export type TDispatcher = ReturnType<typeof createDispatcher>;
