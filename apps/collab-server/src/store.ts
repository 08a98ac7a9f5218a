import { mergeAll, ProjectUnavailableError } from "@layerwise/collab-store";
import type { TLogger } from "@layerwise/server-kit";

/** One client update waiting for its commit, with the connection it came from. */
export interface TPendingUpdate<C> {
  update: Uint8Array;
  origin: C;
}

/** What the store hook needs from its room. */
export interface TStoreOptions<C> {
  /** Appends one merged batch to the project's log; resolves with its sequence number. */
  append: (data: Uint8Array, batch: TPendingUpdate<C>[]) => Promise<number>;
  /** The room's state vector at the moment a batch is cut (= what the batch commits). */
  stateVector: () => Uint8Array;
  /** The batch is committed: broadcast it and acknowledge it. */
  onCommitted: (
    batch: TPendingUpdate<C>[],
    data: Uint8Array,
    seq: number,
    stateVector: Uint8Array,
  ) => void;
  /** The project can no longer be written (archived or deleted). */
  onUnavailable: (error: ProjectUnavailableError) => void;
  log: TLogger;
}

const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 2_000;

/**
 * The store hook: write-ahead group commit. Updates that arrive while a commit is in flight form
 * the next batch (one INSERT however many clients typed), so the latency of an acknowledgement
 * is about one Postgres round trip and batches grow with load instead of queueing. A failed
 * append is retried (with backoff) and nothing of its batch is broadcast or acknowledged until
 * it succeeds.
 */
export class WriteAhead<C> {
  private pending: TPendingUpdate<C>[] = [];
  private waiters: (() => void)[] = [];
  private running = false;
  private stopped = false;
  private idleResolvers: (() => void)[] = [];

  constructor(private readonly options: TStoreOptions<C>) {}

  /** Queues a client update (already applied to the room's document) for the next commit. */
  enqueue(update: Uint8Array, origin: C): void {
    if (this.stopped) return;
    this.pending.push({ update, origin });
    this.schedule();
  }

  /** True when nothing is pending or being committed: the document is all committed. */
  get isIdle(): boolean {
    return !this.running && this.pending.length === 0;
  }

  /** Runs `fn` once everything pending now is committed (at once when idle). */
  afterCommit(fn: () => void): void {
    if (this.isIdle) fn();
    else this.waiters.push(fn);
  }

  /** Resolves when everything pending is committed (shutdown, tests). */
  idle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => this.idleResolvers.push(resolve));
  }

  /** Stops committing: pending updates are dropped unacknowledged (the project is gone). */
  stop(): void {
    this.stopped = true;
    this.pending = [];
  }

  private schedule(): void {
    if (this.running) return;
    this.running = true;
    // One macrotask of grace so that messages already read from the sockets join this batch.
    setImmediate(() => void this.run());
  }

  private async run(): Promise<void> {
    while (this.pending.length > 0 && !this.stopped) {
      const batch = this.pending.splice(0);
      const waiters = this.waiters.splice(0);
      const stateVector = this.options.stateVector();
      const data = mergeAll(batch.map((u) => u.update));
      const seq = await this.appendWithRetry(data, batch);
      if (seq === null) break;
      this.options.onCommitted(batch, data, seq, stateVector);
      for (const fn of waiters) fn();
    }
    this.running = false;
    for (const fn of this.waiters.splice(0)) fn();
    for (const resolve of this.idleResolvers.splice(0)) resolve();
  }

  private async appendWithRetry(
    data: Uint8Array,
    batch: TPendingUpdate<C>[],
  ): Promise<number | null> {
    for (let delay = RETRY_MIN_MS; !this.stopped; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
      try {
        return await this.options.append(data, batch);
      } catch (error) {
        if (error instanceof ProjectUnavailableError) {
          this.stop();
          this.options.onUnavailable(error);
          return null;
        }
        this.options.log.warn("append failed; retrying", { error: String(error), delay });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    return null;
  }
}
