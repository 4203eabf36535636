/** What the scheduler needs of a Chart.js chart (a fake in the unit tests). */
export interface Drawable {
  readonly canvas: HTMLCanvasElement | null;
  update(mode: 'none'): void;
  draw(): void;
}

/** The browser, injected so the scheduler can be tested with a fake clock. */
export interface FrameHost {
  now(): number;
  requestFrame(callback: (now: number) => void): void;
  /** Calls `callback` after `ms` (the rest after a heavy frame, so idle frames are not requested for nothing). */
  later(callback: () => void, ms: number): void;
  /** `drawing` while a chart on screen waits, `drawn` once none does (browser tests wait for it). */
  say(state: 'drawing' | 'drawn'): void;
}

/** Chart work a frame may spend before the rest wait for a later frame (at least one chart is drawn). */
const FRAME_BUDGET_MS = 8;
/**
 * After chart work that took t ms, the next work waits REST × t: chart work stays under a fifth of the main thread,
 * so most frames carry none and the browser keeps drawing at its own rate. On a 2-core machine that also trains the
 * job, a chart update can take 30 ms; every frame doing one held a 10 000-epoch stream at 20 frames a second.
 */
const REST = 4;

/**
 * Redraws each dirty chart at most once per animation frame, however many messages arrive in between
 * (push points, then one chart.update('none')). A chart whose data or options changed is updated (layout, scales,
 * elements); one whose only change is drawn over its data (the player's epoch line) is just redrawn, a fraction of
 * the cost. A chart with a minimum interval is updated at most that often; the charts due are updated together,
 * the longest-waiting first, until the frame's budget is spent, and then the charts rest in proportion to what that
 * cost. A person moving the player is not kept waiting (`flush(true)`). Charts off screen are drawn like the rest:
 * deferring them left a full-page screenshot (or a print) showing another epoch than the player's.
 */
export class FrameScheduler {
  private readonly dirty = new Map<Drawable, number>();
  private readonly stale = new Set<Drawable>();
  private readonly lastDrawn = new WeakMap<Drawable, number>();
  private readonly preparers = new WeakMap<Drawable, () => void>();
  private scheduled = false;
  private restUntil = -Infinity;
  /** Catching up (a job ended): the charts waiting then, drawn in frames that keep their budget but skip the rest. */
  private readonly hurried = new Set<Drawable>();
  private token = 0;
  private said = '';

  constructor(private readonly host: FrameHost = browserHost()) {}

  /** Work done only when the chart is about to be redrawn (cutting long series to the chart's width), not per message. */
  beforeUpdate(chart: Drawable, prepare: () => void): void {
    this.preparers.set(chart, prepare);
  }

  /** The chart's data or options changed: update it (at most every `minIntervalMs`). */
  markDirty(chart: Drawable, minIntervalMs = 0): void {
    this.dirty.set(chart, Math.min(minIntervalMs, this.dirty.get(chart) ?? Infinity));
    this.schedule();
  }

  /** Only what a plugin draws over the chart changed (the epoch line): redraw it in the next frame, without an update. */
  markStale(chart: Drawable): void {
    this.stale.add(chart);
    this.schedule();
  }

  /** Whether a chart is still waiting to be drawn (a browser test waits for the views to settle). */
  get pending(): boolean {
    return this.dirty.size > 0 || this.stale.size > 0;
  }

  /**
   * Draws what is waiting now, in this frame: for work that itself runs in an animation frame (the views following
   * the player), which would otherwise wait for the next one (a step of the player drawn a frame later).
   * `everything`: a person moved the player, so every view draws the step now, whatever the budget or
   * the rest (they are waiting to see it); otherwise (a stream, playing) the charts keep their pace.
   */
  flush(everything = false): void {
    if (!this.scheduled) return;
    if (!everything && this.host.now() < this.restUntil) return;
    if (everything) for (const chart of this.dirty.keys()) this.dirty.set(chart, 0);
    this.frame(this.host.now(), everything);
  }

  /**
   * Every waiting chart is wanted soon (a job ended: its charts should all show its last record), but not in one
   * task: each frame still spends its budget (at least one chart), with no rest in between, until none waits.
   * Drawing them all at once was a 430 ms task on a loaded 2-core machine, the page frozen as the job ended.
   */
  catchUp(): void {
    if (!this.pending) return;
    for (const chart of this.dirty.keys()) {
      this.dirty.set(chart, 0);
      this.hurried.add(chart);
    }
    this.restUntil = -Infinity;
    if (!this.scheduled) {
      this.schedule();
      return;
    }
    // A frame is already waiting, perhaps behind a rest: ask for an earlier one (the stale token drops the other).
    this.scheduled = false;
    this.token++;
    this.schedule();
  }

  /** A frame for the waiting charts: at once, after the rest, or when the next one is due (`at`). */
  private schedule(at = -Infinity): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.report();
    const token = ++this.token;
    const wait = Math.max(this.restUntil, at) - this.host.now();
    const inFrame = () => this.host.requestFrame((now) => {
      if (token === this.token) this.frame(now);
    });
    if (wait > 0) this.host.later(inFrame, wait);
    else inFrame();
  }

  /** When `chart` may be updated (its minimum interval after its last update); a redraw alone is due at once. */
  private dueAt(chart: Drawable): number {
    const interval = this.dirty.get(chart);
    return interval === undefined ? -Infinity : (this.lastDrawn.get(chart) ?? -Infinity) + interval;
  }

  private frame(now: number, everything = false): void {
    this.scheduled = false;
    this.token++;
    if (!everything && this.host.now() < this.restUntil) {
      this.schedule();
      return;
    }
    const start = this.host.now();
    // A chart destroyed meanwhile (the compare page's, when another comparison opens) has no canvas.
    for (const chart of [...this.dirty.keys(), ...this.stale]) {
      if (chart.canvas) continue;
      this.dirty.delete(chart);
      this.stale.delete(chart);
      this.hurried.delete(chart);
    }
    const due = [...this.dirty.keys()]
      .filter((chart) => this.dueAt(chart) <= now)
      .sort((a, b) => (this.lastDrawn.get(a) ?? -Infinity) - (this.lastDrawn.get(b) ?? -Infinity));
    let worked = false;
    for (const chart of due) {
      this.preparers.get(chart)?.();
      chart.update('none');
      worked = true;
      this.hurried.delete(chart);
      this.lastDrawn.set(chart, now);
      this.dirty.delete(chart);
      this.stale.delete(chart);
      if (!everything && this.host.now() - start > FRAME_BUDGET_MS) break;
    }
    // Redraws are cheap (no layout): every one waiting, unless a waiting update will draw the chart anyway.
    for (const chart of this.stale) {
      if (this.dirty.has(chart)) continue;
      chart.draw();
      worked = true;
      this.stale.delete(chart);
    }
    const end = this.host.now();
    // Only the charts waiting when the job ended skip the rest: charts marked again and again (a player playing on)
    // would otherwise keep the rest off for good.
    if (!this.pending) this.hurried.clear();
    if (worked && this.hurried.size === 0) this.restUntil = end + REST * (end - start);
    if (this.pending) this.schedule(Math.min(...[...this.dirty.keys(), ...this.stale].map((chart) => this.dueAt(chart))));
    else this.report();
  }

  private report(): void {
    const state = this.pending ? 'drawing' : 'drawn';
    if (state === this.said) return;
    this.said = state;
    this.host.say(state);
  }
}

/** The real browser: animation frames, timers, and the page root's `data-charts`. */
function browserHost(): FrameHost {
  return {
    now: () => performance.now(),
    requestFrame: (callback) => requestAnimationFrame(callback),
    later: (callback, ms) => setTimeout(callback, ms),
    say: (state) => (document.documentElement.dataset.charts = state),
  };
}
