import { linkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { appendRunEvent, type Run } from "@layerwise/db";
import { ZTrainingEvent, runChannel, type TTrainingEvent } from "@layerwise/protocol";
import type { TTrainerContext } from "./context";
import { recordEpoch } from "./run-store";

type TEvent<T extends TTrainingEvent["type"]> = Extract<TTrainingEvent, { type: T }>;

const MAX_LINE_IN_LOG = 2000;

/**
 * One run's event log while a worker trains it: each runner line is checked against the
 * contract, stored in order with the next seq, published on `run:<id>`, and turned into rows
 * (epoch metrics, device) and artifact uploads (checkpoint.pt, for a resume on another host).
 */
export class RunSession {
  private chain: Promise<void> = Promise.resolve();
  end: TEvent<"end"> | null = null;
  error: TEvent<"error"> | null = null;
  lastCheckpointEpoch = 0;

  constructor(
    private readonly ctx: TTrainerContext,
    private readonly run: Run,
    private readonly task: string,
    private readonly runDir: string,
  ) {}

  /** Stores and publishes one event; returns its seq. */
  async emit(event: TTrainingEvent): Promise<number> {
    const withTime = { ...event, time: event.time ?? new Date().toISOString() };
    const seq = await appendRunEvent(this.ctx.db, this.run.id, withTime);
    await this.ctx.redis.publish(runChannel(this.run.id), JSON.stringify({ seq, event: withTime }));
    return seq;
  }

  /** Queues a runner stdout line; lines are handled strictly in order. */
  acceptLine(line: string): void {
    this.snapshotCheckpoint(line);
    this.chain = this.chain.then(
      () => this.handleLine(line),
      () => this.handleLine(line),
    );
  }

  /** Resolves when every accepted line has been stored. */
  async drain(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  /**
   * Storing events can lag behind the runner, which overwrites checkpoint.pt after every epoch:
   * uploading "checkpoint.pt" later could store a newer epoch than the events say, and a resume
   * would skip epochs whose metrics were never recorded. So the file is pinned the moment its
   * event is read: a hard link keeps this epoch's inode (the runner replaces the file by rename).
   */
  private snapshotCheckpoint(line: string): void {
    if (!line.includes('"checkpoint"') || !line.includes('"checkpoint.pt"')) return;
    const epoch = /"epoch"\s*:\s*(\d+)/.exec(line)?.[1];
    if (!epoch) return;
    const pinned = join(this.runDir, `.checkpoint-${epoch}.pt`);
    try {
      rmSync(pinned, { force: true });
      linkSync(join(this.runDir, "checkpoint.pt"), pinned);
    } catch (error) {
      this.ctx.log.warn("could not pin a checkpoint", { runId: this.run.id, error });
    }
  }

  private async handleLine(line: string): Promise<void> {
    try {
      const event = this.parse(line);
      if (event) await this.apply(event);
    } catch (error) {
      this.ctx.log.error("could not store a runner event", { runId: this.run.id, error });
    }
  }

  private parse(line: string): TTrainingEvent | null {
    if (line.trim() === "") return null;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      // A stray print() from user-visible code: keep it, as a log line.
      return { type: "log", level: "info", message: line.slice(0, MAX_LINE_IN_LOG) };
    }
    const parsed = ZTrainingEvent.safeParse(json);
    if (parsed.success && parsed.data.type !== "status") return parsed.data;
    const why = parsed.success
      ? "status events are the platform's"
      : parsed.error.issues[0]?.message;
    return {
      type: "log",
      level: "warn",
      message: `runner wrote an event outside the contract (${why}): ${line.slice(0, MAX_LINE_IN_LOG)}`,
    };
  }

  private async apply(event: TTrainingEvent): Promise<void> {
    try {
      await this.record(event);
    } catch (error) {
      // The event itself is still stored: a failed side effect must not hide it.
      this.ctx.log.error("could not record a runner event", { runId: this.run.id, error });
    }
    await this.emit(event);
  }

  private async record(event: TTrainingEvent): Promise<void> {
    switch (event.type) {
      case "start":
        await this.ctx.db.run.update({
          where: { id: this.run.id },
          data: { device: event.device, torchVersion: event.torch },
        });
        break;
      case "epoch":
        await recordEpoch(this.ctx.db, this.run, this.task, event);
        break;
      case "checkpoint":
        if (event.path === "checkpoint.pt") {
          const pinned = join(this.runDir, `.checkpoint-${event.epoch}.pt`);
          await this.ctx.storage.upload(`runs/${this.run.id}/checkpoint.pt`, pinned);
          rmSync(pinned, { force: true });
          this.lastCheckpointEpoch = event.epoch;
        }
        break;
      case "end":
        this.end = event;
        break;
      case "error":
        this.error = event;
        break;
      default:
        break;
    }
  }
}
