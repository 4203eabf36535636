import { Chart, FrameScheduler, palette } from './setup';
import type { EpochRecord, JobData } from '../types';

type Point = { x: number; y: number };

/** The data as points and ŷ at the current epoch as a line over sorted x (first feature). */
export class FitChart {
  private readonly chart: Chart<'scatter', Point[]>;
  private order: number[] = [];
  private xs: number[] = [];
  private shownEpoch = -1;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'data', data: [], backgroundColor: 'rgb(47 111 222 / 55%)', pointRadius: 3 },
          { label: 'ŷ', data: [], borderColor: palette[1], backgroundColor: palette[1], showLine: true, pointRadius: 0, borderWidth: 2.5, borderDash: [6, 4] },
          { label: 'true curve', data: [], borderColor: palette[2], backgroundColor: palette[2], showLine: true, pointRadius: 0, borderWidth: 1.5, hidden: false },
        ],
      },
      options: {
        parsing: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'x' } }, y: { type: 'linear', title: { display: true, text: 'y' } } },
        // A legend entry only for what is drawn: most data sets have no true curve.
        plugins: { legend: { position: 'bottom', labels: { filter: (item, data) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0 } } },
      },
    });
  }

  setData(data: JobData): void {
    this.xs = data.x[0] ?? [];
    this.order = this.xs.map((_, i) => i).sort((a, b) => this.xs[a] - this.xs[b]);
    this.chart.data.datasets[0].data = this.xs.map((x, i) => ({ x, y: data.y[i] }));
    this.canvas.dataset.points = String(this.xs.length);
    this.chart.data.datasets[1].data = [];
    // The curve the points were drawn from (dnnex0–2, logistic, generated linear/logistic), where known.
    const underlying = data.underlying;
    this.chart.data.datasets[2].data = underlying ? this.order.map((i) => ({ x: this.xs[i], y: underlying[i] })) : [];
    this.canvas.dataset.underlying = String(underlying ? underlying.length : 0);
    const scales = this.chart.options.scales!;
    scales.x!.title!.text = data.xColumns[0] ?? 'x';
    scales.y!.title!.text = data.yColumn;
    this.shownEpoch = -1;
    this.frames.markDirty(this.chart);
  }

  clear(): void {
    for (const dataset of this.chart.data.datasets) dataset.data = [];
    this.shownEpoch = -1;
    this.frames.markDirty(this.chart);
  }

  /** Draws ŷ of the given record (the newest with predictions). */
  show(record: EpochRecord | null): void {
    if (!record?.yhat || record.epoch === this.shownEpoch || this.xs.length === 0) return;
    const yhat = record.yhat;
    this.chart.data.datasets[1].data = this.order.map((i) => ({ x: this.xs[i], y: Number.isFinite(yhat[i]) ? yhat[i] : NaN }));
    this.chart.data.datasets[1].label = `ŷ at epoch ${record.epoch}`;
    this.shownEpoch = record.epoch;
    this.canvas.dataset.epoch = String(record.epoch);
    this.frames.markDirty(this.chart);
  }

  get epoch(): number {
    return this.shownEpoch;
  }
}
