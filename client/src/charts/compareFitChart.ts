import { Chart, FrameScheduler, palette } from './setup';
import { sample } from './sampling';
import type { EpochRecord, JobData, Point } from '../types';

const LINE_POINTS = 400;
const DATA_POINTS = 600;
const REDRAW_MS = 66;

/** The shared data once, and each run's ŷ at the shared epoch as a line over sorted x. */
export class CompareFitChart {
  private readonly chart: Chart<'scatter', Point[]>;
  private xs: number[] = [];
  private lineOrder: number[] = [];

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        parsing: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'x' } }, y: { type: 'linear', title: { display: true, text: 'y' } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }

  setRuns(labels: readonly string[], colors: readonly number[], dataLabel: string): void {
    this.chart.data.datasets = [
      { label: dataLabel, data: [], backgroundColor: 'rgb(29 35 48 / 35%)', pointRadius: 2.5, order: 9 },
      ...labels.map((label, i) => ({
        label,
        data: [] as Point[],
        showLine: true,
        borderColor: palette[colors[i] % palette.length],
        backgroundColor: palette[colors[i] % palette.length],
        pointRadius: 0,
        borderWidth: 2,
        order: i,
      })),
    ];
    this.frames.markDirty(this.chart);
  }

  setData(data: JobData): void {
    this.xs = data.x[0] ?? [];
    const order = this.xs.map((_, i) => i).sort((a, b) => this.xs[a] - this.xs[b]);
    this.lineOrder = sample(order, LINE_POINTS);
    this.chart.data.datasets[0].data = sample(order, DATA_POINTS).map((i) => ({ x: this.xs[i], y: data.y[i] }));
    const scales = this.chart.options.scales!;
    // The axes hold the data (with room around it): a diverging run's ŷ leaves the chart instead of flattening it.
    const lo = data.y.reduce((m, v) => Math.min(m, v), Infinity);
    const hi = data.y.reduce((m, v) => Math.max(m, v), -Infinity);
    const pad = Math.max((hi - lo) * 0.5, 1e-6);
    Object.assign(scales.y!, { min: lo - pad, max: hi + pad });
    scales.x!.title!.text = data.xColumns[0] ?? 'x';
    scales.y!.title!.text = data.yColumn;
    this.canvas.dataset.points = String(this.xs.length);
    this.frames.markDirty(this.chart);
  }

  /** Each run's ŷ: the record with predictions nearest at or before the shared epoch (null draws nothing). */
  show(records: readonly (EpochRecord | null)[], epoch: number): void {
    records.forEach((r, i) => {
      const yhat = r?.yhat;
      this.chart.data.datasets[1 + i].data = yhat && this.xs.length ? this.lineOrder.map((k) => ({ x: this.xs[k], y: Number.isFinite(yhat[k]) ? yhat[k] : NaN })) : [];
    });
    this.canvas.dataset.epoch = String(epoch);
    this.canvas.dataset.lines = String(records.filter((r) => r?.yhat).length);
    // The epoch of each run's drawn ŷ (never past the player's: a thinned run's too).
    this.canvas.dataset.yhatEpochs = records.map((r) => (r?.yhat ? r.epoch : '')).join(',');
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  destroy(): void {
    this.chart.destroy();
  }
}
