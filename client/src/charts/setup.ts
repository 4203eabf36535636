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

/**
 * Redraws each dirty chart at most once per animation frame, however many messages arrive in between
 * (push points, then one chart.update('none')). A chart with a minimum interval (many long decimated series)
 * is redrawn at most that often, so streaming never starves the frame.
 */
export class FrameScheduler {
  private readonly dirty = new Map<Chart, number>();
  private readonly lastDrawn = new Map<Chart, number>();
  private scheduled = false;

  markDirty(chart: Chart, minIntervalMs = 0): void {
    this.dirty.set(chart, Math.min(minIntervalMs, this.dirty.get(chart) ?? Infinity));
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame((now) => {
      this.scheduled = false;
      for (const [chart, interval] of this.dirty) {
        if (now - (this.lastDrawn.get(chart) ?? -Infinity) < interval) continue;
        chart.update('none');
        this.lastDrawn.set(chart, now);
        this.dirty.delete(chart);
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
