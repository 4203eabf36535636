/**
 * The epoch player: which record every view shows. While a job runs it follows the newest record until the user
 * grabs it (play, pause, step, seek); End or the live button follows again. Time comes in through tick(), so the
 * logic is testable without a browser.
 */
export class EpochPlayer {
  epoch = 0;
  last = 0;
  playing = false;
  following = true;
  /** Epochs per second while playing; null picks a pace from the run's length (a 30-epoch job plays in 10 s). */
  speed: number | null = null;
  private carry = 0;
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The pace in epochs per second: the chosen speed, or a whole run in about ten seconds (at least 3/s). */
  get pace(): number {
    return this.speed ?? Math.min(1000, Math.max(3, this.last / 10));
  }

  /** A new job: back to the start, following. */
  reset(): void {
    this.epoch = 0;
    this.last = 0;
    this.playing = false;
    this.following = true;
    this.carry = 0;
    this.emit();
  }

  /** More records arrived: the newest is now `last`. */
  setLast(last: number): void {
    if (last === this.last) return;
    this.last = Math.max(0, last);
    if (this.following) this.epoch = this.last;
    this.emit();
  }

  seek(epoch: number): void {
    this.playing = false;
    this.following = false;
    this.moveTo(epoch);
  }

  step(delta: number): void {
    this.seek(this.epoch + delta);
  }

  follow(): void {
    this.playing = false;
    this.following = true;
    this.moveTo(this.last);
  }

  play(): void {
    this.following = false;
    if (this.epoch >= this.last) this.epoch = 0; // replay from the start, as the lectures' animations do
    this.playing = true;
    this.carry = 0;
    this.emit();
  }

  pause(): void {
    this.playing = false;
    this.following = false;
    this.emit();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number | null): void {
    this.speed = speed;
    this.emit();
  }

  /** Advances a playing player by `seconds` of wall time; stops at the newest record. */
  tick(seconds: number): void {
    if (!this.playing) return;
    this.carry += this.pace * seconds;
    const whole = Math.floor(this.carry);
    if (whole === 0) return;
    this.carry -= whole;
    const next = Math.min(this.last, this.epoch + whole);
    if (next >= this.last) this.playing = false;
    this.moveTo(next);
  }

  private moveTo(epoch: number): void {
    const clamped = Math.max(0, Math.min(this.last, Math.round(epoch)));
    this.epoch = clamped;
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
