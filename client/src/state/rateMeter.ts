/**
 * Epochs per second of a running job, as the page sees them arrive (the server's clock may differ from ours), over
 * the last few seconds so a slow start does not weigh forever; and the time left at that pace.
 */
export class RateMeter {
  private samples: { epoch: number; at: number }[] = [];

  constructor(private readonly windowMs = 5000) {}

  reset(): void {
    this.samples = [];
  }

  /** The newest epoch received at time `at` (ms). */
  add(epoch: number, at: number): void {
    this.samples.push({ epoch, at });
    while (this.samples.length > 2 && at - this.samples[1].at > this.windowMs) this.samples.shift();
  }

  /** Epochs per second, or null until two samples a moment apart exist. */
  get rate(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || last.at - first.at < 250 || last.epoch <= first.epoch) return null;
    return ((last.epoch - first.epoch) * 1000) / (last.at - first.at);
  }

  /** Seconds left to reach `total` at the current rate, or null. */
  secondsLeft(total: number): number | null {
    const rate = this.rate;
    const last = this.samples[this.samples.length - 1];
    return rate && last ? Math.max(0, (total - last.epoch) / rate) : null;
  }
}
