import { Chart, FrameScheduler, epochMarker, palette } from './setup';
import { onLanguageChange, t } from '../i18n/i18n';
import type { EpochRecord, Point } from '../types';
import { flatAxisRange, logAxisRange } from '../state/lossScale';
import { formatNumber } from '../format/numbers';
import { bucketsFor, minMaxDecimate } from './decimate';

/** At most 30 redraws a second: the curve grows by a batch at a time anyway. */
const REDRAW_MS = 33;

/**
 * Loss per epoch: one line for the run page, one per run on the compare page (labelled by what differs, coloured as
 * everywhere else). Every point is kept here; the chart is given each series cut to its width (min-max per bucket)
 * just before a redraw, so a 10 000-epoch job costs a frame what a 600-point one does.
 */
export class LossChart {
  private readonly chart: Chart<'line', Point[]>;
  private points: Point[][] = [];
  /** The run page's held-out loss and batch losses (drawn after the runs' lines). */
  private extras: Point[][] = [];
  private changed = false;
  private log = false;
  /** The smallest positive, smallest and largest finite loss of every run so far (the axis range comes from them). */
  private extent = { positive: Infinity, min: Infinity, max: -Infinity };

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        parsing: false,
        normalized: true,
        spanGaps: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: t('axis.epoch') }, min: 0 },
          y: { type: 'linear', title: { display: true, text: t('axis.loss') } },
        },
        // A faint series without a label (the compare page's second and later batch losses) has no legend entry.
        plugins: { legend: { display: false, position: 'bottom', labels: { filter: (item) => item.text !== '' } } },
      },
    });
    frames.beforeUpdate(this.chart, () => this.cut());
    onLanguageChange(() => {
      const scales = this.chart.options.scales!;
      scales.x!.title!.text = t('axis.epoch');
      scales.y!.title!.text = t('axis.loss');
      if (this.points.length === 1) this.chart.data.datasets[0].label = t('axis.loss');
      this.frames.markDirty(this.chart);
    });
  }

  /** One run (the run page): a single line, no legend. */
  reset(epochs: number): void {
    this.setRuns([t('axis.loss')], epochs);
  }

  /** A line per run, up to `epochs` on the x axis; a legend once there is more than one. */
  setRuns(labels: readonly string[], epochs: number): void {
    this.points = labels.map(() => []);
    this.extras = [];
    this.changed = true;
    this.extent = { positive: Infinity, min: Infinity, max: -Infinity };
    this.chart.data.datasets = labels.map((label, i) => ({
      label,
      data: [],
      borderColor: palette[i % palette.length],
      backgroundColor: palette[i % palette.length],
      borderWidth: labels.length > 1 ? 1.75 : 1.5,
      pointRadius: 0,
      indexAxis: 'x' as const,
    }));
    this.chart.options.plugins!.legend!.display = labels.length > 1;
    this.chart.options.scales!.x!.max = epochs;
    this.canvas.dataset.runs = String(labels.length);
    this.canvas.dataset.points = '0';
    this.frames.markDirty(this.chart);
  }

  append(records: readonly EpochRecord[], run = 0): void {
    const points = this.points[run];
    // Non-finite losses become gaps: a diverged run shows where it left the chart.
    const e = this.extent;
    const before = `${e.positive},${e.min},${e.max}`;
    for (const r of records) {
      const finite = Number.isFinite(r.loss);
      points.push({ x: r.epoch, y: finite ? r.loss : NaN });
      if (!finite) continue;
      if (r.loss > 0 && r.loss < e.positive) e.positive = r.loss;
      if (r.loss < e.min) e.min = r.loss;
      if (r.loss > e.max) e.max = r.loss;
    }
    if (`${e.positive},${e.min},${e.max}` !== before) this.applyRange();
    this.changed = true;
    // What the chart holds, readable from the DOM (browser tests, and anyone inspecting the page).
    this.canvas.dataset.points = String(this.points.reduce((n, p) => n + p.length, 0));
    if (records.length > 0) this.canvas.dataset.lastEpoch = String(records[records.length - 1].epoch);
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /**
   * The run page's mini-batch extras after its one line: the held-out loss per epoch, and every batch's loss drawn
   * faintly beneath (step i of epoch k at k − 1 + i/n). Call after reset; empty series add nothing.
   */
  setExtras(validation: Point[], batches: Point[]): void {
    const sets = this.chart.data.datasets;
    sets.length = this.points.length;
    this.extras = [];
    if (validation.length > 0) {
      this.extras.push(validation);
      sets.push({ label: t('loss.validation'), data: [], borderColor: palette[1], backgroundColor: palette[1], borderWidth: 1.5, borderDash: [5, 3], pointRadius: 0 });
    }
    if (batches.length > 0) {
      this.extras.push(batches);
      sets.push({ label: t('loss.batches'), data: [], borderColor: 'rgb(120 130 150 / 35%)', backgroundColor: 'rgb(120 130 150 / 35%)', borderWidth: 1, pointRadius: 0, order: 10 });
    }
    if (this.points.length === 1) sets[0].label = validation.length > 0 ? t('loss.training') : t('axis.loss');
    this.chart.options.plugins!.legend!.display = sets.length > 1;
    this.canvas.dataset.validationPoints = String(validation.length);
    this.canvas.dataset.batchPoints = String(batches.length);
    this.changed = true;
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /**
   * The compare page's mini-batch runs: each run's batch losses drawn faintly in its own colour beneath the runs'
   * lines, as the run page draws one run's (one legend entry says what the faint lines are). Call after setRuns.
   */
  setRunBatches(batches: readonly Point[][]): void {
    const sets = this.chart.data.datasets;
    sets.length = this.points.length;
    this.extras = [];
    let labelled = false;
    batches.forEach((points, i) => {
      if (points.length === 0) return;
      this.extras.push(points as Point[]);
      const colour = `${palette[i % palette.length]}55`;
      sets.push({ label: labelled ? '' : t('loss.batchesFaint'), data: [], borderColor: colour, backgroundColor: colour, borderWidth: 1, pointRadius: 0, order: 10 });
      labelled = true;
    });
    this.canvas.dataset.batchPoints = String(batches.reduce((n, b) => n + b.length, 0));
    this.canvas.dataset.batchRuns = String(this.extras.length);
    this.changed = true;
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** Hands the chart every series cut to its width: fresh arrays, never pushes into the chart's own. */
  private cut(): void {
    if (!this.changed) return;
    this.changed = false;
    const buckets = bucketsFor(this.chart.width);
    const series = [...this.points, ...this.extras];
    this.chart.data.datasets.forEach((d, i) => (d.data = series[i] ? minMaxDecimate(series[i], buckets) : []));
  }

  /** Marks the player's epoch. */
  setEpoch(epoch: number): void {
    epochMarker(this.chart, epoch, this.frames);
    this.canvas.dataset.epoch = String(epoch);
  }

  setLogScale(on: boolean): void {
    this.log = on;
    const y = this.chart.options.scales!.y!;
    y.type = on ? 'logarithmic' : 'linear';
    // A log axis labels its decades as powers (10⁻¹⁵, not 0.000000000000001); a linear one keeps Chart.js's labels.
    y.ticks = { ...y.ticks, callback: on ? decadeLabel : undefined } as typeof y.ticks;
    this.canvas.dataset.scale = on ? 'log' : 'linear';
    this.applyRange();
    this.chart.update('none');
  }

  /**
   * Log: from the decade below the smallest positive loss of all runs (no run hides under the axis). Linear: the
   * chart's own fit, except a loss that barely moves spans ±0.1% (float32 noise is not a drop).
   */
  private applyRange(): void {
    const e = this.extent;
    const range = this.log ? logAxisRange(e.positive, e.max) : flatAxisRange(e.min, e.max);
    const y = this.chart.options.scales!.y!;
    y.min = range?.min;
    y.max = range?.max;
    this.canvas.dataset.yMin = range ? String(range.min) : '';
  }
}

/** A log axis's tick label: the decades only, written as a person writes them. */
function decadeLabel(value: number | string): string {
  const v = Number(value);
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9 ? formatNumber(v, 3) : '';
}
