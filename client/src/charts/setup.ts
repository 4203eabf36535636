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

// Only what the page draws (Chart.js performance guide: register what you use).
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation);

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
