import { Chart, FrameScheduler, epochMarker, palette } from './setup';
import type { EpochRecord } from '../types';

type Point = { x: number; y: number };

/** At most 30 redraws a second: the curve grows by a batch at a time anyway. */
const REDRAW_MS = 33;

/** Loss per epoch; long runs are decimated (LTTB) so a 10 000-epoch job stays smooth. */
export class LossChart {
  private readonly chart: Chart<'line', Point[]>;
  private readonly points: Point[] = [];

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [{ label: 'loss', data: [], borderColor: palette[0], borderWidth: 1.5, pointRadius: 0, indexAxis: 'x' }] },
      options: {
        parsing: false,
        normalized: true,
        spanGaps: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, min: 0 },
          y: { type: 'linear', title: { display: true, text: 'loss' } },
        },
        plugins: { legend: { display: false }, decimation: { enabled: true, algorithm: 'lttb', samples: 500 } },
      },
    });
  }

  reset(epochs: number): void {
    this.points.length = 0;
    this.chart.data.datasets[0].data = [];
    this.canvas.dataset.points = '0';
    this.chart.options.scales!.x!.max = epochs;
    this.frames.markDirty(this.chart);
  }

  append(records: readonly EpochRecord[]): void {
    // Non-finite losses become gaps: a diverged run shows where it left the chart.
    for (const r of records) this.points.push({ x: r.epoch, y: Number.isFinite(r.loss) ? r.loss : NaN });
    // A fresh array, not a push into the chart's: Chart.js builds an element for every pushed point at once,
    // decimated or not, which costs a 10 000-epoch stream most of its frames.
    this.chart.data.datasets[0].data = this.points.slice();
    // What the chart holds, readable from the DOM (browser tests, and anyone inspecting the page).
    this.canvas.dataset.points = String(this.points.length);
    this.canvas.dataset.lastEpoch = String(records.at(-1)?.epoch ?? -1);
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** Marks the player's epoch. */
  setEpoch(epoch: number): void {
    epochMarker(this.chart, epoch);
    this.canvas.dataset.epoch = String(epoch);
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  setLogScale(on: boolean): void {
    this.chart.options.scales!.y!.type = on ? 'logarithmic' : 'linear';
    this.chart.update('none');
  }

  /** How many points the chart holds (the browser test reads it). */
  get length(): number {
    return this.points.length;
  }
}
