import type { LegendItem } from 'chart.js';
import { Chart, FrameScheduler, palette } from './setup';
import { probabilityColor } from './colors';
import { paintHeatmap, showHeatmap } from './heatmap';
import { toNumber, type Boundary, type JobData, type Point } from '../types';

/** Points drawn at most (dnnex3 has 2000; uploads may have 100 000). */
const MAX_POINTS = 3000;

/** Redraws at most every 66 ms (15 a second) while the player moves. */
const REDRAW_MS = 66;

/** A two-feature classifier: ŷ over the (x1, x2) plane as a banded heatmap, the points coloured by class. */
export class BoundaryChart {
  private readonly chart: Chart<'scatter', Point[]>;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'y = 0', data: [], backgroundColor: palette[0], borderColor: '#ffffff', borderWidth: 0.5, pointRadius: 2.5 },
          { label: 'y = 1', data: [], backgroundColor: palette[3], borderColor: '#ffffff', borderWidth: 0.5, pointRadius: 2.5 },
        ],
      },
      options: {
        parsing: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'x1' } }, y: { type: 'linear', title: { display: true, text: 'x2' } } },
        plugins: { legend: { position: 'bottom', labels: { filter: (item: LegendItem) => item.text !== '' } }, tooltip: { enabled: false } },
      },
    });
  }

  clear(): void {
    for (const d of this.chart.data.datasets) d.data = [];
    showHeatmap(this.chart as unknown as Chart, null);
    this.canvas.dataset.cells = '0';
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  setData(data: JobData): void {
    const [x1, x2] = data.x;
    const stride = Math.max(1, Math.ceil(x1.length / MAX_POINTS));
    const zero: Point[] = [];
    const one: Point[] = [];
    for (let i = 0; i < x1.length; i += stride) (data.y[i] >= 0.5 ? one : zero).push({ x: x1[i], y: x2[i] });
    this.chart.data.datasets[0].data = zero;
    this.chart.data.datasets[1].data = one;
    const scales = this.chart.options.scales as Record<string, { title?: { text?: string } }>;
    scales.x.title!.text = data.xColumns[0];
    scales.y.title!.text = data.xColumns[1];
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  setGrid(grid: Boundary): void {
    const values = grid.yhat.map((row) => row.map(toNumber));
    showHeatmap(this.chart as unknown as Chart, paintHeatmap(grid.x1, grid.x2, values, probabilityColor));
    this.canvas.dataset.cells = String(grid.x1.length * grid.x2.length);
    this.canvas.dataset.epoch = String(grid.epoch);
    this.frames.markDirty(this.chart, REDRAW_MS);
  }
}
