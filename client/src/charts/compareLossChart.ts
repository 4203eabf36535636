import { Chart, FrameScheduler, epochMarker, palette } from './setup';
import type { EpochRecord } from '../types';

type Point = { x: number; y: number };

const REDRAW_MS = 33;

/** Every run's loss per epoch on one chart, labelled by what differs; long runs decimated (LTTB). */
export class CompareLossChart {
  private readonly chart: Chart<'line', Point[]>;
  private points: Point[][] = [];

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        parsing: false,
        normalized: true,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, min: 0 },
          y: { type: 'linear', title: { display: true, text: 'loss' } },
        },
        plugins: { legend: { position: 'bottom' }, decimation: { enabled: true, algorithm: 'lttb', samples: 500 } },
      },
    });
  }

  setRuns(labels: readonly string[], epochs: number): void {
    this.points = labels.map(() => []);
    this.chart.data.datasets = labels.map((label, i) => ({
      label,
      data: [],
      borderColor: palette[i % palette.length],
      backgroundColor: palette[i % palette.length],
      borderWidth: 1.75,
      pointRadius: 0,
      indexAxis: 'x' as const,
    }));
    this.chart.options.scales!.x!.max = epochs;
    this.canvas.dataset.runs = String(labels.length);
    this.canvas.dataset.points = '0';
    this.frames.markDirty(this.chart);
  }

  append(run: number, records: readonly EpochRecord[]): void {
    const points = this.points[run];
    // Non-finite losses become gaps: a diverged run stops where it left the chart.
    for (const r of records) points.push({ x: r.epoch, y: Number.isFinite(r.loss) ? r.loss : NaN });
    this.chart.data.datasets[run].data = points.slice(); // a fresh array: see LossChart
    this.canvas.dataset.points = String(this.points.reduce((n, p) => n + p.length, 0));
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  setEpoch(epoch: number): void {
    epochMarker(this.chart, epoch);
    this.canvas.dataset.epoch = String(epoch);
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  setLogScale(on: boolean): void {
    this.chart.options.scales!.y!.type = on ? 'logarithmic' : 'linear';
    this.canvas.dataset.scale = on ? 'log' : 'linear';
    this.chart.update('none');
  }

  setAxisTitles(x: string, y: string): void {
    const scales = this.chart.options.scales!;
    scales.x!.title!.text = x;
    scales.y!.title!.text = y;
    this.frames.markDirty(this.chart);
  }

  destroy(): void {
    this.chart.destroy();
  }
}
