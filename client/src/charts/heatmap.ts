import type { Chart, Plugin } from 'chart.js';

/** A grid of values as an image, and the data-space rectangle it covers (outer cell edges). */
export interface Heatmap {
  image: HTMLCanvasElement;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Interpolate between cells (a continuous loss) rather than crisp cells (probability bands). */
  smooth?: boolean;
}

/** A colour as red, green, blue and alpha, each 0–255. */
export type Rgba = readonly [number, number, number, number];

/**
 * Paints `values[j][i]` (row j at ys[j], column i at xs[i]) one pixel per cell, coloured by `color`. Drawn later
 * scaled into the chart area: one drawImage per frame, however many cells. Hand-written rather than
 * chartjs-chart-matrix, which draws one element per cell on every redraw: a 41 × 41 landscape cost the
 * streaming page half its frames (measured with the browser test's frame timing). The pixels are written as
 * numbers (one ImageData), not a parsed colour string and a fillRect per cell.
 */
export function paintHeatmap(xs: readonly number[], ys: readonly number[], values: readonly (readonly number[])[], color: (v: number) => Rgba, smooth = false): Heatmap {
  const image = document.createElement('canvas');
  image.width = xs.length;
  image.height = ys.length;
  const ctx = image.getContext('2d')!;
  const pixels = ctx.createImageData(xs.length, ys.length);
  const data = pixels.data;
  for (let j = 0; j < ys.length; j++) {
    // Image rows run top-down; y grows upwards on the chart.
    const row = (ys.length - 1 - j) * xs.length;
    for (let i = 0; i < xs.length; i++) {
      const [r, g, b, a] = color(values[j][i]);
      const k = (row + i) * 4;
      data[k] = r;
      data[k + 1] = g;
      data[k + 2] = b;
      data[k + 3] = a;
    }
  }
  ctx.putImageData(pixels, 0, 0);
  const half = (v: readonly number[]) => (v.length > 1 ? (v[v.length - 1] - v[0]) / (v.length - 1) / 2 : 0.5);
  return { image, smooth, xMin: xs[0] - half(xs), xMax: xs[xs.length - 1] + half(xs), yMin: ys[0] - half(ys), yMax: ys[ys.length - 1] + half(ys) };
}

/** Draws the chart's `options.plugins.heatmap.map` under its datasets, clipped to the chart area. */
export const heatmapPlugin: Plugin = {
  id: 'heatmap',
  beforeDatasetsDraw(chart: Chart, _args, options: { map?: Heatmap | null }) {
    const map = options.map;
    if (!map) return;
    const { ctx, chartArea, scales } = chart;
    const left = scales.x.getPixelForValue(map.xMin);
    const right = scales.x.getPixelForValue(map.xMax);
    const top = scales.y.getPixelForValue(map.yMax);
    const bottom = scales.y.getPixelForValue(map.yMin);
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
    ctx.clip();
    ctx.imageSmoothingEnabled = map.smooth === true; // crisp probability bands; a smooth loss under its contour lines
    ctx.drawImage(map.image, left, top, right - left, bottom - top);
    ctx.restore();
  },
};

/** Sets the heatmap a chart draws and fits its axes to it. */
export function showHeatmap(chart: Chart, map: Heatmap | null): void {
  (chart.options.plugins as Record<string, unknown>).heatmap = { map };
  const scales = chart.options.scales as Record<string, { min?: number; max?: number }>;
  if (map) {
    Object.assign(scales.x, { min: map.xMin, max: map.xMax });
    Object.assign(scales.y, { min: map.yMin, max: map.yMax });
  }
}

