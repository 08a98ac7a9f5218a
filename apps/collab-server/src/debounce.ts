/**
 * Runs an async job `waitMs` after the last trigger, but at least every `maxWaitMs` while
 * triggers keep coming; never two runs at once (a trigger during a run schedules one more).
 */
export class Debounced {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstTrigger: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly waitMs: number,
    private readonly maxWaitMs: number,
  ) {}

  trigger(now = Date.now()): void {
    this.firstTrigger ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(this.waitMs, this.firstTrigger + this.maxWaitMs - now));
    this.timer = setTimeout(() => void this.run(), delay);
    this.timer.unref();
  }

  /** Runs a pending job now (shutdown); resolves when no run is in flight. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      await this.run();
    }
    await this.running;
  }

  private async run(): Promise<void> {
    this.timer = null;
    this.firstTrigger = null;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.job().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.trigger();
      }
    });
    return this.running;
  }
}
