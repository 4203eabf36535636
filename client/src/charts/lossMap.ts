import type { Chart, Plugin } from 'chart.js';
import { contours } from 'd3-contour';
import { formatNumber } from '../format/numbers';
import { toNumber, type Landscape } from '../types';
import { paintHeatmap, type Heatmap, type Rgba } from './heatmap';

// A two-weight loss map a student can read: smooth colour, contour lines from d3-contour at log-spaced levels
// above the minimum (landscapes span orders of magnitude), and a colour bar with the levels' values.

const VIRIDIS = ['#440154', '#482173', '#433e85', '#38588c', '#2d708e', '#25858e', '#1e9b8a', '#2ab07f', '#52c569', '#86d549', '#c2df23', '#fde725'];

/** Where a loss sits between the map's minimum and maximum, 0…1 on a log scale above the minimum. */
export function lossFraction(loss: number, min: number, max: number): number {
  if (!Number.isFinite(loss)) return 1;
  const range = Math.max(max - min, 1e-30);
  const floor = range * 1e-3;
  const t = Math.log((loss - min + floor) / floor) / Math.log((range + floor) / floor);
  return Math.min(1, Math.max(0, t));
}

/** The loss at a fraction: the inverse of lossFraction. */
export function lossAtFraction(t: number, min: number, max: number): number {
  const range = Math.max(max - min, 1e-30);
  const floor = range * 1e-3;
  return min + floor * ((range + floor) / floor) ** t - floor;
}

/** Viridis, interpolated: dark is low loss, yellow is high. */
export function viridis(t: number): string {
  const [r, g, b] = viridisRgba(t);
  return `rgb(${r} ${g} ${b})`;
}

/** Viridis as numbers (the heatmap's pixels). */
export function viridisRgba(t: number): Rgba {
  const x = Math.min(1, Math.max(0, Number.isNaN(t) ? 0 : t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i];
  const b = STOPS[i + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f), 255];
}

const hex = (h: string) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
const STOPS = VIRIDIS.map(hex);

/** A contour level and its lines in data coordinates (each ring a closed polyline of [a, b] points). */
export interface ContourLevel {
  value: number;
  rings: [number, number][][];
}

export interface LossMap {
  heatmap: Heatmap;
  contours: ContourLevel[];
  min: number;
  max: number;
  /** The loss at (a, b) by bilinear interpolation on the grid; NaN off the map. */
  at(a: number, b: number): number;
}

export const CONTOUR_LEVELS = 10;

/** Builds the colour image, the contour lines and the lookup of a two-weight landscape. */
export function buildLossMap(map: Landscape & { b: NonNullable<Landscape['b']> }): LossMap {
  const xs = map.a.values;
  const ys = map.b.values;
  const values = map.loss.map((row) => row.map(toNumber));
  let min = Infinity;
  let max = -Infinity;
  for (const row of values) for (const v of row) if (Number.isFinite(v)) ((min = Math.min(min, v)), (max = Math.max(max, v)));
  if (!Number.isFinite(min)) ((min = 0), (max = 1));
  const heatmap = paintHeatmap(xs, ys, values, (v) => viridisRgba(lossFraction(v, min, max)), true);
  const n = xs.length;
  const m = ys.length;
  const flat = new Float64Array(n * m);
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) flat[j * n + i] = Number.isFinite(values[j][i]) ? values[j][i] : max * 10 + 1;
  const levels = Array.from({ length: CONTOUR_LEVELS }, (_, k) => lossAtFraction((k + 1) / (CONTOUR_LEVELS + 1), min, max));
  const dx = n > 1 ? (xs[n - 1] - xs[0]) / (n - 1) : 1;
  const dy = m > 1 ? (ys[m - 1] - ys[0]) / (m - 1) : 1;
  // d3-contour puts sample (i, j) at the centre of grid cell [i, i + 1] × [j, j + 1].
  const toData = ([gx, gy]: number[]): [number, number] => [xs[0] + (gx - 0.5) * dx, ys[0] + (gy - 0.5) * dy];
  const generated = contours().size([n, m]).thresholds(levels)(Array.from(flat));
  const levelsOut = generated.map((g) => ({ value: g.value, rings: g.coordinates.flatMap((polygon) => polygon.map((ring) => ring.map(toData))) }));
  const at = (a: number, b: number): number => {
    const fx = (a - xs[0]) / dx;
    const fy = (b - ys[0]) / dy;
    if (!(fx >= 0 && fy >= 0 && fx <= n - 1 && fy <= m - 1)) return NaN;
    const i = Math.min(n - 2, Math.floor(fx));
    const j = Math.min(m - 2, Math.floor(fy));
    const u = fx - i;
    const v = fy - j;
    return (1 - u) * (1 - v) * values[j][i] + u * (1 - v) * values[j][i + 1] + (1 - u) * v * values[j + 1][i] + u * v * values[j + 1][i + 1];
  };
  return { heatmap, contours: levelsOut, min, max, at };
}

/** The bar's width and its labels' room, reserved on the chart's right. */
export const COLOR_BAR_ROOM = 110;

/**
 * Draws `options.plugins.lossMap.map`'s contour lines over the heatmap (before the path) and its colour bar with
 * the levels' values on the right of the chart area.
 */
export const lossMapPlugin: Plugin = {
  id: 'lossMap',
  beforeDatasetsDraw(chart: Chart, _args, options: { map?: LossMap | null }) {
    const map = options.map;
    if (!map) return;
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
    ctx.clip();
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = 'rgb(255 255 255 / 55%)';
    for (const level of map.contours) {
      ctx.beginPath();
      for (const ring of level.rings) {
        ring.forEach(([a, b], k) => {
          const x = scales.x.getPixelForValue(a);
          const y = scales.y.getPixelForValue(b);
          if (k === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        });
      }
      ctx.stroke();
    }
    ctx.restore();
  },
  afterDraw(chart: Chart, _args, options: { map?: LossMap | null; title?: string }) {
    const map = options.map;
    if (!map) return;
    const { ctx, chartArea } = chart;
    const left = chartArea.right + 14;
    const width = 16;
    const top = chartArea.top;
    const height = chartArea.height;
    ctx.drawImage(colourBar(Math.round(height)), left, top, width, height);
    ctx.strokeStyle = '#1d2330';
    ctx.lineWidth = 1;
    ctx.strokeRect(left, top, width, height);
    const size = Math.max(14, Number(chart.options.font?.size ?? 14));
    ctx.font = `${size}px ${chart.options.font?.family ?? 'sans-serif'}`;
    ctx.fillStyle = '#1d2330';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    // The extremes and every other contour level, each where its colour is.
    const ticks = [map.min, ...map.contours.filter((_, k) => k % 2 === 1).map((l) => l.value), map.max];
    let lastY = Infinity;
    let lastText = '';
    for (const v of ticks) {
      const y = top + height * (1 - lossFraction(v, map.min, map.max));
      const text = formatNumber(v, 4);
      if (Math.abs(lastY - y) < size + 2 || text === lastText) continue;
      lastY = y;
      lastText = text;
      ctx.fillRect(left + width, y - 0.5, 4, 1);
      ctx.fillText(text, left + width + 6, y);
    }
    if (options.title) {
      ctx.textBaseline = 'bottom';
      ctx.fillText(options.title, left, top - 2);
    }
  },
};

/** The colour bar's gradient, one pixel wide and `height` high, painted once per height (a colour per pixel row cost every redraw of the map). */
const bars = new Map<number, HTMLCanvasElement>();
function colourBar(height: number): HTMLCanvasElement {
  let bar = bars.get(height);
  if (!bar) {
    bar = document.createElement('canvas');
    bar.width = 1;
    bar.height = Math.max(1, height);
    const ctx = bar.getContext('2d')!;
    for (let p = 0; p < height; p++) {
      ctx.fillStyle = viridis(1 - p / height);
      ctx.fillRect(0, p, 1, 1);
    }
    if (bars.size > 8) bars.clear();
    bars.set(height, bar);
  }
  return bar;
}

/** Sets the loss map a chart draws (null: none) and reserves room for its colour bar. */
export function showLossMap(chart: Chart, map: LossMap | null, title = ''): void {
  (chart.options.plugins as Record<string, unknown>).lossMap = { map, title };
  const layout = (chart.options.layout ??= {}) as { padding?: { right?: number; top?: number } };
  layout.padding = { ...(typeof layout.padding === 'object' ? layout.padding : {}), right: map ? COLOR_BAR_ROOM : 0, top: map ? 20 : 0 };
}
