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
import annotationPlugin from 'chartjs-plugin-annotation';
import { heatmapPlugin } from './heatmap';
import { lossMapPlugin } from './lossMap';

// Only what the page draws (Chart.js performance guide: register what you use): annotation lines for the
// player's epoch, heatmap images under the landscape and the decision boundary.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation);
Chart.register(annotationPlugin, heatmapPlugin, lossMapPlugin);

Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', sans-serif";

export const palette = ['#2f6fde', '#e8710a', '#2e7d32', '#c62828', '#7b1fa2', '#00838f', '#6d4c41', '#ad1457'];

export { Chart };

/** Chart redraws a frame may spend before the rest wait for the next frame (at least one chart is drawn). */
const FRAME_BUDGET_MS = 8;

/**
 * Redraws each dirty chart at most once per animation frame, however many messages arrive in between
 * (push points, then one chart.update('none')). A chart with a minimum interval (many long decimated series)
 * is redrawn at most that often, and a frame stops redrawing once it has spent its budget (the longest-waiting
 * chart first): five views updating in the same frame once made it 150 ms long while a job streamed.
 */
export class FrameScheduler {
  private readonly dirty = new Map<Chart, number>();
  private readonly lastDrawn = new Map<Chart, number>();
  private readonly preparers = new Map<Chart, () => void>();
  private scheduled = false;

  /** Work done only when the chart is about to be redrawn (cutting long series to the chart's width), not per message. */
  beforeUpdate(chart: Chart, prepare: () => void): void {
    this.preparers.set(chart, prepare);
  }

  markDirty(chart: Chart, minIntervalMs = 0): void {
    this.dirty.set(chart, Math.min(minIntervalMs, this.dirty.get(chart) ?? Infinity));
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame((now) => {
      this.scheduled = false;
      const start = performance.now();
      const due = [...this.dirty]
        .filter(([chart, interval]) => now - (this.lastDrawn.get(chart) ?? -Infinity) >= interval)
        .sort(([a], [b]) => (this.lastDrawn.get(a) ?? -Infinity) - (this.lastDrawn.get(b) ?? -Infinity));
      for (const [chart] of due) {
        this.preparers.get(chart)?.();
        chart.update('none');
        this.lastDrawn.set(chart, now);
        this.dirty.delete(chart);
        if (performance.now() - start > FRAME_BUDGET_MS) break;
      }
      if (this.dirty.size > 0) this.schedule();
    });
  }
}

/** A vertical line at the player's epoch (chartjs-plugin-annotation), shared by the per-epoch charts. */
export function epochMarker(chart: Chart, epoch: number): void {
  const plugins = chart.options.plugins as { annotation?: { annotations?: Record<string, unknown> } };
  plugins.annotation = {
    annotations: {
      epoch: { type: 'line', xMin: epoch, xMax: epoch, borderColor: 'rgb(29 35 48 / 55%)', borderWidth: 1.5, borderDash: [4, 3] },
    },
  };
}


