/**
 * At most one request in flight for a view, and only the newest wanted one runs next: while the player moves
 * through 10 000 epochs the server computes the epochs the page can show, not a queue of stale ones.
 */
export class Latest<T> {
  private next: ((signal: AbortSignal) => Promise<T>) | null = null;
  private current: AbortController | null = null;
  private lastStart = 0;

  constructor(
    private readonly apply: (value: T) => void,
    private readonly fail: (error: unknown) => void = () => undefined,
    private readonly minIntervalMs = 100,
  ) {}

  request(load: (signal: AbortSignal) => Promise<T>): void {
    this.next = load;
    if (!this.current) this.startNext();
  }

  /** Drops what is wanted and in flight (another job was opened). */
  cancel(): void {
    this.next = null;
    this.current?.abort();
    this.current = null;
  }

  private startNext(): void {
    const load = this.next;
    if (!load) return;
    this.next = null;
    const controller = new AbortController();
    this.current = controller;
    const wait = Math.max(0, this.lastStart + this.minIntervalMs - performance.now());
    const run = async () => {
      this.lastStart = performance.now();
      try {
        const value = await load(controller.signal);
        if (this.current === controller) this.apply(value);
      } catch (error) {
        if (this.current === controller && !controller.signal.aborted) this.fail(error);
      } finally {
        if (this.current === controller) {
          this.current = null;
          this.startNext();
        }
      }
    };
    if (wait > 0) setTimeout(() => void run(), wait);
    else void run();
  }
}
