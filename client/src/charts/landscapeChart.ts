import type { ChartData, LegendItem } from 'chart.js';
import { Chart, FrameScheduler, palette } from './setup';
import { lossHeatmap, showHeatmap } from './heatmap';
import { thin } from './sampling';
import { toNumber, type Landscape, type Point } from '../types';

/** Redraws at most every 66 ms (15 a second) while the player moves: the path of a long run is thousands of points. */
const REDRAW_MS = 66;

const CURVE = 0;
const PATH = 1;
const START = 2;
const CURRENT = 3;
const LOWEST = 4;
const GRID_SEARCH = 5;
const STEPS = 6;

/**
 * The loss landscape with the optimizer's path. Two weights: L(a, b) as a banded heatmap (contour-like bands)
 * with the path, its start, the player's epoch and the lowest grid point. One weight: the curve L(w) with the
 * point moving along it (lecture 004).
 */
export class LandscapeChart {
  private readonly chart: Chart<'scatter', Point[]>;
  private map: Landscape | null = null;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'L(w)', data: [], showLine: true, borderColor: palette[0], pointRadius: 0, borderWidth: 2, order: 5 },
          { label: 'path', data: [], showLine: true, borderColor: '#ffffff', backgroundColor: '#ffffff', pointRadius: 1.5, borderWidth: 1.5, order: 2 },
          { label: 'start', data: [], backgroundColor: '#ffffff', borderColor: '#1d2330', pointRadius: 5, pointStyle: 'rect', order: 1 },
          { label: 'epoch', data: [], backgroundColor: palette[1], borderColor: '#1d2330', pointRadius: 7, borderWidth: 1.5, order: 0 },
          { label: 'lowest on the grid', data: [], backgroundColor: '#fde725', borderColor: '#1d2330', pointRadius: 9, pointStyle: 'star', borderWidth: 1.5, order: 1 },
          { label: 'grid search', data: [], backgroundColor: palette[3], borderColor: palette[3], pointRadius: 7, pointStyle: 'crossRot', borderWidth: 2.5, order: 1 },
          { label: 'mini-batch steps', data: [], showLine: true, borderColor: 'rgb(255 170 90 / 90%)', backgroundColor: 'rgb(255 170 90 / 90%)', pointRadius: 0, borderWidth: 1, order: 1.5 },
        ],
      },
      options: {
        parsing: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'w0' } }, y: { type: 'linear', title: { display: true, text: 'w1' } } },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item: LegendItem, data: ChartData) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0 } },
          tooltip: { enabled: false },
        },
      },
    });
  }

  clear(): void {
    this.map = null;
    for (const d of this.chart.data.datasets) d.data = [];
    showHeatmap(this.chart as unknown as Chart, null);
    this.canvas.dataset.cells = '0';
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** A new map (the path's range or the held weights changed). */
  setMap(map: Landscape): void {
    this.map = map;
    const sets = this.chart.data.datasets;
    const scales = this.chart.options.scales as Record<string, { min?: number; max?: number; title?: { text?: string } }>;
    const a = map.a.values;
    scales.x.title!.text = map.a.name;
    const lowest = toNumber(map.lowest.loss);
    this.canvas.dataset.aRange = `${a[0]},${a[a.length - 1]}`;
    if (map.b) {
      showHeatmap(this.chart as unknown as Chart, lossHeatmap({ ...map, b: map.b }));
      scales.y.title!.text = map.b.name;
      sets[CURVE].data = [];
      sets[LOWEST].data = [{ x: map.lowest.a, y: map.lowest.b }];
      // Over a heatmap the path is a white line.
      Object.assign(sets[PATH], { showLine: true, borderColor: '#ffffff', backgroundColor: '#ffffff', pointRadius: 1.5 });
      this.canvas.dataset.cells = String(a.length * map.b.values.length);
    } else {
      showHeatmap(this.chart as unknown as Chart, null);
      const row = map.loss[0].map(toNumber);
      sets[CURVE].data = a.map((x, i) => ({ x, y: row[i] }));
      Object.assign(scales.x, { min: a[0], max: a[a.length - 1] });
      Object.assign(scales.y, { min: undefined, max: undefined });
      scales.y.title!.text = 'loss';
      sets[LOWEST].data = [{ x: map.lowest.a, y: lowest }];
      // On a one-weight curve the path is the points visited, as lecture 004 draws them.
      Object.assign(sets[PATH], { showLine: false, borderColor: 'rgb(232 113 10 / 70%)', backgroundColor: 'rgb(232 113 10 / 45%)', pointRadius: 3.5 });
      this.canvas.dataset.cells = String(row.length);
    }
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** The path up to the player's epoch: `points` are (a, b) per record for two weights, or (w, L) for one. */
  setPath(points: readonly Point[], epoch: number): void {
    const upto = points.slice(0, epoch + 1).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const sets = this.chart.data.datasets;
    sets[PATH].data = thin(upto);
    // A dot per epoch reads for a short path; for thousands only the line does (and dots cost the frame).
    if (this.map?.b) sets[PATH].pointRadius = upto.length > 300 ? 0 : 1.5;
    sets[START].data = upto.length > 0 ? [upto[0]] : [];
    sets[CURRENT].data = upto.length > 0 ? [upto[upto.length - 1]] : [];
    this.canvas.dataset.epoch = String(epoch);
    this.canvas.dataset.pathPoints = String(upto.length);
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** A mini-batch job's every step up to the player's epoch (two weights): the zig-zag between the epochs' points. */
  setSteps(points: readonly Point[]): void {
    this.chart.data.datasets[STEPS].data = thin(points);
    this.canvas.dataset.stepPoints = String(points.length);
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** Grid search's best point (lecture 004's comparison), or nothing. */
  setGridSearch(point: Point | null): void {
    this.chart.data.datasets[GRID_SEARCH].data = point ? [point] : [];
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** Whether the current map covers a path point, to tell when the path has left it. */
  covers(point: Point): boolean {
    if (!this.map) return false;
    const a = this.map.a.values;
    const inA = point.x >= a[0] && point.x <= a[a.length - 1];
    if (!this.map.b) return inA;
    const b = this.map.b.values;
    return inA && point.y >= b[0] && point.y <= b[b.length - 1];
  }
}
