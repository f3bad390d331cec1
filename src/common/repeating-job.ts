/**
 * Work the service repeats in the background (settling interrupted signals, pruning rejected records, following
 * protective orders): one pass at a time (a call during a pass joins it), a timer that never keeps the process
 * alive, and a stop that waits for the pass in flight.
 */
export class RepeatingJob<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  constructor(private readonly pass: () => Promise<T>) {}

  /** Runs one pass now, or joins the one in flight. */
  run(): Promise<T> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Runs a pass every `everyMs`; a pass reports its own failures. */
  start(everyMs: number): void {
    this.timer = setInterval(() => void this.run().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  /** Stops the timer at once; resolves when the pass in flight, if any, has ended. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
