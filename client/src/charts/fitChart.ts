import { Chart, FrameScheduler, palette } from './setup';
import { onLanguageChange, t } from '../i18n/i18n';
import { sample } from './sampling';
import { fitToSize } from './shortCard';
import type { EpochRecord, JobData, Point } from '../types';

/** Earlier ŷ lines drawn faded (lecture 000's 반복시각화); fewer for big data sets, so a frame stays cheap. */
const FADED_POINT_BUDGET = 3_000;
const MAX_FADED = 30;

/** Points per drawn line and data points drawn: Chart.js updates every element on every redraw (200 points draw a smooth curve at any card's width). */
const LINE_POINTS = 200;
const DATA_POINTS = 600;
/** Points per faded earlier line: faint and thin, 100 draw the same curve at half the cost of each step of the player. */
const FADED_LINE_POINTS = 100;

/** Redraws of this chart at most every 66 ms (15 a second): smooth enough for ŷ, and a big data set never eats every frame. */
const REDRAW_MS = 66;

/**
 * The data as points, ŷ at the player's epoch as a line over sorted x (first feature), the ŷ of earlier epochs
 * faded, the curve the data were drawn from where known, and the least-squares line for a linear model.
 */
export class FitChart {
  private readonly chart: Chart<'scatter', Point[]>;
  private order: number[] = [];
  private lineOrder: number[] = [];
  private fadedOrder: number[] = [];
  private xs: number[] = [];
  private shownEpoch = -1;
  private faded = 0;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { label: t('fit.data'), data: [], backgroundColor: 'rgb(47 111 222 / 55%)', pointRadius: 3, order: 3 },
          { label: 'ŷ', data: [], borderColor: palette[1], backgroundColor: palette[1], showLine: true, pointRadius: 0, borderWidth: 2.5, borderDash: [6, 4], order: 0 },
          { label: t('fit.trueCurve'), data: [], borderColor: palette[2], backgroundColor: palette[2], showLine: true, pointRadius: 0, borderWidth: 1.5, order: 1 },
          { label: t('fit.closedForm'), data: [], borderColor: palette[4], backgroundColor: palette[4], showLine: true, pointRadius: 0, borderWidth: 1.5, borderDash: [2, 3], order: 1 },
          { label: t('fit.earlier'), data: [], borderColor: 'rgb(232 113 10 / 22%)', backgroundColor: 'rgb(232 113 10 / 22%)', showLine: true, pointRadius: 0, borderWidth: 1, spanGaps: false, order: 2 },
          { label: t('fit.validation'), data: [], borderColor: 'rgb(200 60 60 / 85%)', backgroundColor: 'rgb(255 255 255 / 0%)', pointStyle: 'triangle', pointRadius: 4, borderWidth: 1.5, order: 3 },
        ],
      },
      options: {
        parsing: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'x' } }, y: { type: 'linear', title: { display: true, text: 'y' } } },
        // A legend entry only for what is drawn: most data sets have no true curve.
        plugins: { legend: { position: 'bottom', labels: { filter: (item, data) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0 } } },
        // In a laptop's short card (about 215 px) a two-line legend and the axis titles left the data ~60 px of
        // height: there the legend's swatches and type shrink to keep it on one line, and the axis titles go.
        onResize: (chart, size) => fitToSize(chart, size),
      },
    });
    fitToSize(this.chart, this.chart);
    onLanguageChange(() => {
      const sets = this.chart.data.datasets;
      [sets[0].label, sets[2].label, sets[3].label, sets[4].label, sets[5].label] = [t('fit.data'), t('fit.trueCurve'), t('fit.closedForm'), t('fit.earlier'), t('fit.validation')];
      if (this.shownEpoch >= 0) sets[1].label = t('fit.yhatAt', { epoch: this.shownEpoch });
      this.frames.markDirty(this.chart);
    });
  }

  /** How many earlier ŷ lines are drawn faded (fewer for a big data set). */
  get fadedLines(): number {
    return this.faded;
  }

  /** `closedForm`: draw the least-squares line (linear model with a squared loss). */
  setData(data: JobData, closedForm: boolean): void {
    this.xs = data.x[0] ?? [];
    this.order = this.xs.map((_, i) => i).sort((a, b) => this.xs[a] - this.xs[b]);
    // Lines are drawn through an even sample of the sorted points (first and last kept): a curve needs no more.
    this.lineOrder = sample(this.order, LINE_POINTS);
    this.fadedOrder = sample(this.order, FADED_LINE_POINTS);
    const sets = this.chart.data.datasets;
    // Held-out rows (random_split's) as hollow triangles, never trained on; the rest as the training points.
    const held = new Set(data.validationRows ?? []);
    const shown = sample(this.xs.map((_, i) => i), DATA_POINTS);
    sets[0].data = shown.filter((i) => !held.has(i)).map((i) => ({ x: this.xs[i], y: data.y[i] }));
    sets[5].data = shown.filter((i) => held.has(i)).map((i) => ({ x: this.xs[i], y: data.y[i] }));
    this.canvas.dataset.validationPoints = String(sets[5].data.length);
    this.canvas.dataset.points = String(this.xs.length);
    sets[1].data = [];
    sets[4].data = [];
    // The curve the points were drawn from (dnnex0–2, logistic, generated linear/logistic), where known.
    const underlying = data.underlying;
    sets[2].data = underlying ? this.lineOrder.map((i) => ({ x: this.xs[i], y: underlying[i] })) : [];
    this.canvas.dataset.underlying = String(underlying ? underlying.length : 0);
    sets[3].data = closedForm ? leastSquaresLine(this.xs, data.y) : [];
    this.canvas.dataset.closedForm = String(sets[3].data.length > 0);
    this.faded = Math.min(MAX_FADED, Math.max(4, Math.floor(FADED_POINT_BUDGET / Math.max(1, this.lineOrder.length))));
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

  /** Draws ŷ of `record` (the newest with predictions at or before the player's epoch) and earlier ones faded. */
  show(record: EpochRecord | null, earlier: readonly EpochRecord[]): void {
    if (!record?.yhat || record.epoch === this.shownEpoch || this.xs.length === 0) return;
    const sets = this.chart.data.datasets;
    sets[1].data = this.line(record.yhat);
    sets[1].label = t('fit.yhatAt', { epoch: record.epoch });
    // Earlier lines in one dataset, separated by gaps (NaN), so 30 lines cost one draw call.
    const picked = sample(earlier.filter((r) => r.epoch < record.epoch), this.faded);
    const faded: Point[] = [];
    for (const r of picked) {
      faded.push(...this.line(r.yhat!, this.fadedOrder), { x: NaN, y: NaN });
    }
    sets[4].data = faded;
    this.shownEpoch = record.epoch;
    this.canvas.dataset.epoch = String(record.epoch);
    this.canvas.dataset.faded = String(picked.length);
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  private line(yhat: readonly number[], order = this.lineOrder): Point[] {
    return order.map((i) => ({ x: this.xs[i], y: Number.isFinite(yhat[i]) ? yhat[i] : NaN }));
  }
}

/** Ordinary least squares on the original scale (equal to the closed form of the centred or scaled problem, mapped back). */
export function leastSquaresLine(xs: readonly number[], ys: readonly number[]): Point[] {
  const n = xs.length;
  if (n < 2) return [];
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  if (sxx === 0) return [];
  const slope = sxy / sxx;
  const lo = xs.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = xs.reduce((a, b) => Math.max(a, b), -Infinity);
  return [lo, hi].map((x) => ({ x, y: my + slope * (x - mx) }));
}
