import { Chart, FrameScheduler, epochMarker, palette } from './setup';
import { onLanguageChange, t } from '../i18n/i18n';
import type { EpochRecord, Point } from '../types';
import { bucketsFor, minMaxDecimate } from './decimate';
import { fitToSize } from './shortCard';

/** Past this many weights a line per weight is a grey tangle: the chart draws each layer's norms instead. */
export const LEGEND_LIMIT = 12;

// A tall card's legend type (it is read from the back of a lecture hall), and how many entries a short card's takes below the plot.
const LEGEND_FONT = 14;
const LEGEND_BESIDE = 4;

/**
 * The weights' series: one per weight, or past LEGEND_LIMIT one per parameter tensor of the net ("0.weight",
 * "0.bias", …, from names like "0.weight[3,0]"), each its L2 norm ‖W‖ over the epochs, so a 1→64→64→1 net reads as
 * four lines a person can follow (and four series, not 4 353, are kept and redrawn).
 */
export function weightGroups(paramNames: readonly string[]): { label: string; indices: number[] }[] {
  if (paramNames.length <= LEGEND_LIMIT) return paramNames.map((name, i) => ({ label: name, indices: [i] }));
  const groups = new Map<string, number[]>();
  paramNames.forEach((name, i) => {
    const key = name.replace(/\[.*$/, '');
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return [...groups].map(([key, indices]) => ({ label: `‖${key}‖ (${indices.length})`, indices }));
}

/** One line per weight per epoch, or for a big net each layer's weight and bias norms. */
export class WeightsChart {
  private readonly chart: Chart<'line', Point[]>;
  private series: Point[][] = [];
  private groups: { label: string; indices: number[] }[] = [];
  private summary = false;
  private changed = false;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        parsing: false,
        normalized: true,
        scales: {
          x: { type: 'linear', title: { display: true, text: t('axis.epoch') }, min: 0 },
          y: { type: 'linear', title: { display: true, text: t('axis.weight') } },
        },
        plugins: { legend: { position: 'bottom' } },
        // A net's seven weights wrapped into four legend lines in a laptop's short card: there they go beside the plot.
        onResize: (chart, size) => fitToSize(chart, size, LEGEND_FONT, LEGEND_BESIDE),
      },
    });
    // Each series cut to the chart's width just before a redraw (see LossChart).
    frames.beforeUpdate(this.chart, () => {
      if (!this.changed) return;
      this.changed = false;
      const buckets = bucketsFor(this.chart.width);
      this.chart.data.datasets.forEach((d, i) => (d.data = minMaxDecimate(this.series[i] ?? [], buckets)));
    });
    onLanguageChange(() => {
      const scales = this.chart.options.scales!;
      scales.x!.title!.text = t('axis.epoch');
      scales.y!.title!.text = this.yTitle();
      this.frames.markDirty(this.chart);
    });
  }

  reset(paramNames: readonly string[], epochs: number): void {
    this.groups = weightGroups(paramNames);
    this.summary = paramNames.length > LEGEND_LIMIT;
    this.series = this.groups.map(() => []);
    this.changed = true;
    this.chart.data.datasets = this.groups.map((group, i) => ({
      label: group.label,
      data: [] as Point[],
      borderColor: palette[i % palette.length],
      borderWidth: 1.5,
      pointRadius: 0,
      indexAxis: 'x' as const,
    }));
    this.chart.options.scales!.x!.max = epochs;
    this.chart.options.plugins!.legend!.display = true;
    fitToSize(this.chart, this.chart, LEGEND_FONT, LEGEND_BESIDE);
    this.chart.options.scales!.y!.title!.text = this.yTitle();
    this.canvas.dataset.series = String(this.groups.length);
    this.canvas.dataset.summary = String(this.summary);
    this.frames.markDirty(this.chart);
  }

  /** Per-layer norms for a big net, the weights themselves otherwise: in the page's language. */
  private yTitle(): string {
    return this.summary ? t('axis.norm') : t('axis.weight');
  }

  /** Marks the player's epoch. */
  setEpoch(epoch: number): void {
    epochMarker(this.chart, epoch, this.frames);
    this.canvas.dataset.epoch = String(epoch);
  }

  append(records: readonly EpochRecord[]): void {
    for (const r of records) {
      for (let g = 0; g < this.groups.length; g++) {
        const indices = this.groups[g].indices;
        let y: number;
        if (this.summary) {
          let sum = 0;
          for (const i of indices) sum += r.weights[i] * r.weights[i];
          y = Math.sqrt(sum);
        } else {
          y = r.weights[indices[0]];
        }
        this.series[g].push({ x: r.epoch, y: Number.isFinite(y) ? y : NaN });
      }
    }
    this.changed = records.length > 0 || this.changed;
    if (records.length > 0) this.canvas.dataset.lastEpoch = String(records[records.length - 1].epoch);
    // Dozens of long series are decimated on every redraw: while streaming, ten redraws a second suffice.
    this.frames.markDirty(this.chart, 100);
  }
}
