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
import { FrameScheduler } from './frameScheduler';

// Only what the page draws (Chart.js performance guide: register what you use): the player's epoch line, heatmap
// images under the landscape and the decision boundary.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation);
Chart.register(epochLinePlugin, heatmapPlugin, lossMapPlugin);
// The plot's own height on its canvas (data-plot-height): what is left for the data once legend and titles are placed,
// which the page's tests hold to a floor in a laptop's short cards.
Chart.register({ id: 'plotHeight', afterLayout: (chart: Chart) => void (chart.canvas.dataset.plotHeight = String(Math.round(chart.chartArea.height))) });

Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', sans-serif";

export const palette = ['#2f6fde', '#e8710a', '#2e7d32', '#c62828', '#7b1fa2', '#00838f', '#6d4c41', '#ad1457'];

export { Chart, FrameScheduler };

/** Moves the chart's line at the player's epoch (drawn by epochLinePlugin): a redraw, not an update. */
export function epochMarker(chart: Chart, epoch: number, frames: FrameScheduler): void {
  if (setEpochLine(chart, epoch)) frames.markStale(chart);
}
