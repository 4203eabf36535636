import type { Chart, Plugin } from 'chart.js';

/** The player's epoch per chart (kept outside Chart.js's options, so moving it never re-resolves them). */
const epochs = new WeakMap<Chart, number>();

/**
 * A dashed vertical line at the player's epoch, drawn after the datasets. Hand-written rather than an annotation
 * (chartjs-plugin-annotation): an annotation is an option, so moving it needs a full `update()` (layout, scales,
 * every element), while this line needs only a redraw (`chart.draw()`). Scrubbing a finished 1→64→64→1 job spent
 * most of each step in those updates.
 */
export const epochLinePlugin: Plugin = {
  id: 'epochLine',
  afterDatasetsDraw(chart: Chart) {
    const epoch = epochs.get(chart);
    const x = chart.scales.x;
    if (epoch === undefined || !x || epoch < x.min || epoch > x.max) return;
    const px = x.getPixelForValue(epoch);
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = 'rgb(29 35 48 / 55%)';
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, bottom);
    ctx.stroke();
    ctx.restore();
  },
};

/** Moves `chart`'s epoch line; false when it was already there (nothing to redraw). */
export function setEpochLine(chart: Chart, epoch: number): boolean {
  if (epochs.get(chart) === epoch) return false;
  epochs.set(chart, epoch);
  return true;
}
