import type { ChartData, LegendItem } from 'chart.js';
import { Chart, FrameScheduler, palette } from './setup';
import { lossBandColor } from './colors';
import { toNumber, type Landscape } from '../types';

type Point = { x: number; y: number };
type Cell = { x: number; y: number; v: number };

/** Path points drawn at most; a 10 000-epoch path is thinned evenly (its start and end kept). */
const MAX_PATH_POINTS = 2000;

/**
 * The loss landscape with the optimizer's path. Two weights: a banded heatmap of L(a, b) (chartjs-chart-matrix)
 * with the path, its start, the player's epoch and the lowest point. One weight: the curve L(w) with the point
 * moving along it (lecture 004).
 */
export class LandscapeChart {
  private readonly chart: Chart;
  private map: Landscape | null = null;
  private path: Point[] = [];

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          {
            type: 'matrix',
            label: 'loss',
            data: [] as Cell[],
            backgroundColor: (ctx: { raw?: unknown }) => this.cellColor(ctx.raw as Cell | undefined),
            borderWidth: 0,
            width: (ctx: { chart: Chart }) => this.cellSize(ctx.chart, 'x'),
            height: (ctx: { chart: Chart }) => this.cellSize(ctx.chart, 'y'),
            order: 10,
          },
          { type: 'scatter', label: 'L(w)', data: [] as Point[], showLine: true, borderColor: palette[0], pointRadius: 0, borderWidth: 2, order: 5 },
          { type: 'scatter', label: 'path', data: [] as Point[], showLine: true, borderColor: '#ffffff', backgroundColor: '#ffffff', pointRadius: 1.5, borderWidth: 1.5, order: 2 },
          { type: 'scatter', label: 'start', data: [] as Point[], backgroundColor: '#ffffff', borderColor: '#1d2330', pointRadius: 5, pointStyle: 'rect', order: 1 },
          { type: 'scatter', label: 'epoch', data: [] as Point[], backgroundColor: palette[1], borderColor: '#1d2330', pointRadius: 7, borderWidth: 1.5, order: 0 },
          { type: 'scatter', label: 'lowest on the grid', data: [] as Point[], backgroundColor: '#fde725', borderColor: '#1d2330', pointRadius: 9, pointStyle: 'star', borderWidth: 1.5, order: 1 },
          { type: 'scatter', label: 'grid search', data: [] as Point[], backgroundColor: palette[3], borderColor: palette[3], pointRadius: 7, pointStyle: 'crossRot', borderWidth: 2.5, order: 1 },
        ],
      },
      options: {
        parsing: false,
        // The matrix controller's defaults reverse y and offset both axes (a category-style grid); a landscape wants neither.
        scales: { x: { type: 'linear', offset: false, title: { display: true, text: 'w0' } }, y: { type: 'linear', reverse: false, offset: false, title: { display: true, text: 'w1' } } },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item: LegendItem, data: ChartData) => item.datasetIndex !== 0 && (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0 } },
          tooltip: { enabled: false },
        },
      },
    } as never);
  }

  get twoWeights(): boolean {
    return this.map?.b != null;
  }

  clear(): void {
    this.map = null;
    this.path = [];
    for (const d of this.chart.data.datasets) d.data = [];
    this.canvas.dataset.cells = '0';
    this.frames.markDirty(this.chart);
  }

  /** A new map (the path's range or the held weights changed). */
  setMap(map: Landscape): void {
    this.map = map;
    const sets = this.chart.data.datasets;
    // Over a heatmap the path is white; on a one-weight curve it is the points visited, as lecture 004 draws them.
    Object.assign(sets[2], map.b
      ? { showLine: true, borderColor: '#ffffff', backgroundColor: '#ffffff', pointRadius: 1.5 }
      : { showLine: false, borderColor: 'rgb(232 113 10 / 70%)', backgroundColor: 'rgb(232 113 10 / 45%)', pointRadius: 3.5 });
    const scales = this.chart.options.scales as Record<string, { min?: number; max?: number; title?: { text?: string }; type?: string }>;
    const a = map.a.values;
    scales.x.title!.text = map.a.name;
    if (map.b) {
      const b = map.b.values;
      const cells: Cell[] = [];
      map.loss.forEach((row, j) => row.forEach((v, i) => cells.push({ x: a[i], y: b[j], v: toNumber(v) })));
      sets[0].data = cells as never;
      sets[1].data = [];
      const da = (a[a.length - 1] - a[0]) / (a.length - 1);
      const db = (b[b.length - 1] - b[0]) / (b.length - 1);
      Object.assign(scales.x, { min: a[0] - da / 2, max: a[a.length - 1] + da / 2 });
      Object.assign(scales.y, { min: b[0] - db / 2, max: b[b.length - 1] + db / 2, type: 'linear' });
      scales.y.title!.text = map.b.name;
      sets[5].data = [{ x: map.lowest.a, y: map.lowest.b }];
      this.canvas.dataset.cells = String(cells.length);
    } else {
      sets[0].data = [];
      const row = map.loss[0].map(toNumber);
      sets[1].data = a.map((x, i) => ({ x, y: row[i] }));
      Object.assign(scales.x, { min: a[0], max: a[a.length - 1] });
      Object.assign(scales.y, { min: undefined, max: undefined });
      scales.y.title!.text = 'loss';
      sets[5].data = [{ x: map.lowest.a, y: toNumber(map.lowest.loss) }];
      this.canvas.dataset.cells = String(row.length);
    }
    this.frames.markDirty(this.chart);
  }

  /**
   * The path up to the player's epoch: `points` are (a, b) per record for two weights, or (w, L) for one.
   * Only the visible part is drawn; the chart keeps the whole path to cut from.
   */
  setPath(points: Point[], epoch: number): void {
    this.path = points;
    const upto = points.slice(0, epoch + 1).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const sets = this.chart.data.datasets;
    sets[2].data = thin(upto);
    sets[3].data = upto.length > 0 ? [upto[0]] : [];
    sets[4].data = upto.length > 0 ? [upto[upto.length - 1]] : [];
    this.canvas.dataset.epoch = String(epoch);
    this.canvas.dataset.pathPoints = String(upto.length);
    this.frames.markDirty(this.chart);
  }

  /** Grid search's best point (lecture 004's comparison), or nothing. */
  setGridSearch(point: Point | null): void {
    this.chart.data.datasets[6].data = point ? [point] : [];
    this.frames.markDirty(this.chart);
  }

  /** The (a, b) range the current map covers, to tell when the path has left it. */
  covers(point: Point): boolean {
    if (!this.map) return false;
    const a = this.map.a.values;
    const inA = point.x >= a[0] && point.x <= a[a.length - 1];
    if (!this.map.b) return inA;
    const b = this.map.b.values;
    return inA && point.y >= b[0] && point.y <= b[b.length - 1];
  }

  get pathLength(): number {
    return this.path.length;
  }

  private cellColor(cell: Cell | undefined): string {
    if (!cell || !this.map) return 'transparent';
    return lossBandColor(cell.v, toNumber(this.map.lowest.loss), this.maxLoss());
  }

  private maxCache: { map: Landscape; max: number } | null = null;

  private maxLoss(): number {
    const map = this.map!;
    if (this.maxCache?.map !== map) {
      let max = -Infinity;
      for (const row of map.loss) for (const v of row) if (Number.isFinite(toNumber(v))) max = Math.max(max, toNumber(v));
      this.maxCache = { map, max };
    }
    return this.maxCache.max;
  }

  private cellSize(chart: Chart, axis: 'x' | 'y'): number {
    // The chart is passed in: during construction this.chart is not yet assigned.
    const area = chart.chartArea;
    const n = axis === 'x' ? this.map?.a.values.length : this.map?.b?.values.length;
    if (!area || !n) return 0;
    // One pixel of overlap: no hairline gaps between cells.
    return (axis === 'x' ? area.width : area.height) / n + 1;
  }
}

function thin(points: Point[]): Point[] {
  if (points.length <= MAX_PATH_POINTS) return points;
  const stride = points.length / MAX_PATH_POINTS;
  const out: Point[] = [];
  for (let k = 0; k < MAX_PATH_POINTS; k++) out.push(points[Math.floor(k * stride)]);
  out.push(points[points.length - 1]);
  return out;
}
