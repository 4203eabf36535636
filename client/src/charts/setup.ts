import {
  Chart,
  Decimation,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { epochLinePlugin, setEpochLine } from './epochLine';
import { heatmapPlugin } from './heatmap';
import { lossMapPlugin } from './lossMap';

// Only what the page draws (Chart.js performance guide: register what you use): the player's epoch line, heatmap
// images under the landscape and the decision boundary.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation);
Chart.register(epochLinePlugin, heatmapPlugin, lossMapPlugin);

Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', sans-serif";

export const palette = ['#2f6fde', '#e8710a', '#2e7d32', '#c62828', '#7b1fa2', '#00838f', '#6d4c41', '#ad1457'];

export { Chart };

/** Chart work a frame may spend before the rest wait for the next frame (at least one chart is drawn). */
const FRAME_BUDGET_MS = 8;

/**
 * Redraws each dirty chart at most once per animation frame, however many messages arrive in between
 * (push points, then one chart.update('none')). A chart whose data or options changed is updated (layout, scales,
 * elements); one whose only change is drawn over its data (the player's epoch line) is just redrawn, a fraction of
 * the cost. A chart with a minimum interval (many long decimated series) is updated at most that often, and a frame
 * stops once it has spent its budget (the longest-waiting chart first). A frame that went over its budget is
 * followed by one without chart work, so the browser keeps drawing (the player, input, scrolling) at its own rate
 * while a job streams: five views updating every frame once held a stream at 15 frames a second.
 */
export class FrameScheduler {
  private readonly dirty = new Map<Chart, number>();
  private readonly stale = new Set<Chart>();
  private readonly lastDrawn = new WeakMap<Chart, number>();
  private readonly preparers = new WeakMap<Chart, () => void>();
  private scheduled = false;
  private overran = false;

  /** Work done only when the chart is about to be redrawn (cutting long series to the chart's width), not per message. */
  beforeUpdate(chart: Chart, prepare: () => void): void {
    this.preparers.set(chart, prepare);
  }

  /** The chart's data or options changed: update it (at most every `minIntervalMs`). */
  markDirty(chart: Chart, minIntervalMs = 0): void {
    this.dirty.set(chart, Math.min(minIntervalMs, this.dirty.get(chart) ?? Infinity));
    this.schedule();
  }

  /** Only what a plugin draws over the chart changed (the epoch line): redraw it in the next frame, without an update. */
  markStale(chart: Chart): void {
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
   * `everything`: a person moved the player, so every view draws the step now, whatever the budget (they are
   * waiting to see it); otherwise (a stream, playing) the frame keeps its budget.
   */
  flush(everything = false): void {
    if (!this.scheduled || (this.overran && !everything)) return;
    if (everything) for (const chart of this.dirty.keys()) this.dirty.set(chart, 0);
    this.frame(performance.now(), everything);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.say('drawing');
    const token = ++this.token;
    requestAnimationFrame((now) => {
      if (token === this.token) this.frame(now);
    });
  }

  private token = 0;

  private frame(now: number, everything = false): void {
    this.scheduled = false;
    this.token++;
    if (this.overran) {
      this.overran = false;
      this.schedule();
      return;
    }
    const start = performance.now();
    // A chart destroyed meanwhile (the compare page's, when another comparison opens) has no canvas.
    for (const chart of [...this.dirty.keys(), ...this.stale]) {
      if (chart.canvas) continue;
      this.dirty.delete(chart);
      this.stale.delete(chart);
    }
    const due = [...this.dirty]
      .filter(([chart, interval]) => now - (this.lastDrawn.get(chart) ?? -Infinity) >= interval)
      .sort(([a], [b]) => (this.lastDrawn.get(a) ?? -Infinity) - (this.lastDrawn.get(b) ?? -Infinity));
    for (const [chart] of due) {
      this.preparers.get(chart)?.();
      chart.update('none');
      this.lastDrawn.set(chart, now);
      this.dirty.delete(chart);
      this.stale.delete(chart);
      if (!everything && performance.now() - start > FRAME_BUDGET_MS) break;
    }
    // Redraws are cheap (no layout): every one waiting, unless a waiting update will draw the chart anyway.
    for (const chart of this.stale) {
      if (this.dirty.has(chart)) continue;
      chart.draw();
      this.stale.delete(chart);
    }
    this.overran = !everything && performance.now() - start > FRAME_BUDGET_MS;
    if (this.pending) this.schedule();
    else this.say('drawn');
  }

  private said = '';

  /** On the page's root, for browser tests: `drawing` while a chart waits, `drawn` once every one is on screen. */
  private say(state: 'drawing' | 'drawn'): void {
    if (state === this.said) return;
    this.said = state;
    document.documentElement.dataset.charts = state;
  }
}

/** Moves the chart's line at the player's epoch (drawn by epochLinePlugin): a redraw, not an update. */
export function epochMarker(chart: Chart, epoch: number, frames: FrameScheduler): void {
  if (setEpochLine(chart, epoch)) frames.markStale(chart);
}
