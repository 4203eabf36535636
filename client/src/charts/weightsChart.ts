import { Chart, FrameScheduler, epochMarker, palette } from './setup';
import type { EpochRecord, Point } from '../types';

/** Past this many weights the legend gives way to a picker, and only the first few are drawn at first. */
export const LEGEND_LIMIT = 12;

/** One line per weight, per epoch. */
export class WeightsChart {
  private readonly chart: Chart<'line', Point[]>;
  private series: Point[][] = [];

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        parsing: false,
        normalized: true,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, min: 0 },
          y: { type: 'linear', title: { display: true, text: 'weight' } },
        },
        plugins: { decimation: { enabled: true, algorithm: 'lttb', samples: 500 }, legend: { position: 'bottom' } },
      },
    });
  }

  reset(paramNames: readonly string[], epochs: number): void {
    this.series = paramNames.map(() => []);
    this.chart.data.datasets = paramNames.map((name, i) => ({
      label: name,
      hidden: paramNames.length > LEGEND_LIMIT && i >= 6,
      data: [] as Point[],
      borderColor: palette[i % palette.length],
      borderWidth: 1.5,
      pointRadius: 0,
      indexAxis: 'x' as const,
    }));
    this.chart.options.scales!.x!.max = epochs;
    this.chart.options.plugins!.legend!.display = paramNames.length <= LEGEND_LIMIT;
    this.frames.markDirty(this.chart);
  }

  /** Shows only the weights whose indices are given (the picker for many weights). */
  showOnly(indices: ReadonlySet<number>): void {
    this.chart.data.datasets.forEach((d, i) => (d.hidden = !indices.has(i)));
    this.frames.markDirty(this.chart);
  }

  /** Marks the player's epoch. */
  setEpoch(epoch: number): void {
    epochMarker(this.chart, epoch);
    this.canvas.dataset.epoch = String(epoch);
    this.frames.markDirty(this.chart, 100);
  }

  append(records: readonly EpochRecord[]): void {
    const sets = this.chart.data.datasets;
    for (const r of records) {
      for (let i = 0; i < this.series.length; i++) {
        const w = r.weights[i];
        this.series[i].push({ x: r.epoch, y: Number.isFinite(w) ? w : NaN });
      }
    }
    // Fresh arrays rather than pushes into the chart's (see LossChart.append).
    sets.forEach((d, i) => (d.data = this.series[i].slice()));
    if (records.length > 0) this.canvas.dataset.lastEpoch = String(records[records.length - 1].epoch);
    // Dozens of long series are decimated on every redraw: while streaming, ten redraws a second suffice.
    this.frames.markDirty(this.chart, 100);
  }
}
