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
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import annotationPlugin from 'chartjs-plugin-annotation';

// Only what the page draws (Chart.js performance guide: register what you use): heatmaps for the landscape and
// the decision boundary, annotation lines for the player's epoch.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation);
Chart.register(MatrixController, MatrixElement, annotationPlugin);

Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', sans-serif";

export const palette = ['#2f6fde', '#e8710a', '#2e7d32', '#c62828', '#7b1fa2', '#00838f', '#6d4c41', '#ad1457'];

export { Chart };

/**
 * Redraws each dirty chart at most once per animation frame, however many messages arrive in between
 * (push points, then one chart.update('none')).
 */
export class FrameScheduler {
  private readonly dirty = new Set<Chart>();
  private scheduled = false;

  markDirty(chart: Chart): void {
    this.dirty.add(chart);
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      for (const c of this.dirty) c.update('none');
      this.dirty.clear();
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
