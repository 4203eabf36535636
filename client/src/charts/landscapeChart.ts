import type { LegendItem } from 'chart.js';
import { t } from '../i18n/i18n';
import { formatNumber } from '../format/numbers';
import { Chart, FrameScheduler, palette } from './setup';
import { showHeatmap } from './heatmap';
import { buildLossMap, showLossMap, type LossMap } from './lossMap';
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
const TRUTH = 6;
const STEPS = 7;

const INK = '#1d2330';

/**
 * The loss landscape with the optimizer's path. Two weights: L(a, b) in colour with contour lines (d3-contour) and a
 * colour bar, the path, its start, the player's epoch, the lowest grid point, grid search's best point and the true
 * weights where the data set knows them. One weight: the curve L(w) with the points visited (lecture 004). The
 * legend lists only what is drawn, each with its own mark; the loss under the pointer is written out.
 */
export class LandscapeChart {
  private readonly chart: Chart<'scatter', Point[]>;
  private map: Landscape | null = null;
  private lossMap: LossMap | null = null;
  private drawnPath: { points: readonly Point[] | null; index: number; length: number } = { points: null, index: -1, length: 0 };

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler, private readonly pointer: HTMLElement) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'L(w)', data: [], showLine: true, borderColor: palette[0], pointRadius: 0, borderWidth: 2.5, order: 5 },
          { label: 'path', data: [], showLine: true, borderColor: '#ffffff', backgroundColor: '#ffffff', pointRadius: 1.5, borderWidth: 2, order: 2 },
          { label: 'start', data: [], backgroundColor: '#ffffff', borderColor: INK, pointRadius: 6, pointStyle: 'rect', borderWidth: 1.5, order: 1 },
          { label: 'epoch', data: [], backgroundColor: palette[1], borderColor: INK, pointRadius: 8, borderWidth: 1.5, order: 0 },
          { label: 'lowest on the grid', data: [], backgroundColor: '#ffffff', borderColor: '#ffffff', pointRadius: 11, pointStyle: 'star', borderWidth: 2.5, order: 1 },
          { label: 'grid search', data: [], backgroundColor: palette[3], borderColor: palette[3], pointRadius: 9, pointStyle: 'crossRot', borderWidth: 3, order: 1 },
          { label: 'true weights', data: [], backgroundColor: '#ff4fa3', borderColor: INK, pointRadius: 9, pointStyle: 'triangle', borderWidth: 1.5, order: 1 },
          { label: 'mini-batch steps', data: [], showLine: true, borderColor: 'rgb(255 170 90 / 90%)', backgroundColor: 'rgb(255 170 90 / 90%)', pointRadius: 0, borderWidth: 1, order: 1.5 },
        ],
      },
      options: {
        parsing: false,
        font: { size: 15 },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'w0', font: { size: 16 } }, ticks: { font: { size: 14 } } },
          y: { type: 'linear', title: { display: true, text: 'w1', font: { size: 16 } }, ticks: { font: { size: 14 } } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { usePointStyle: true, font: { size: 14 }, generateLabels: (chart) => this.legendItems(chart as unknown as Chart<'scatter', Point[]>) } },
          tooltip: { enabled: false },
        },
      },
    });
    canvas.addEventListener('mousemove', (e) => this.hover(e));
    canvas.addEventListener('mouseleave', () => this.showPointer(null));
  }

  clear(): void {
    this.drawnPath = { points: null, index: -1, length: 0 };
    this.map = null;
    this.lossMap = null;
    for (const d of this.chart.data.datasets) d.data = [];
    showHeatmap(this.chart as unknown as Chart, null);
    showLossMap(this.chart as unknown as Chart, null);
    this.canvas.dataset.cells = '0';
    this.canvas.dataset.contours = '0';
    this.showPointer(null);
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** A new map (the path's range, the lecture's domain or the held weights changed). */
  setMap(map: Landscape): void {
    this.map = map;
    this.drawnPath = { points: null, index: -1, length: 0 }; // the path's style follows the map's kind
    const sets = this.chart.data.datasets;
    const scales = this.chart.options.scales as Record<string, { min?: number; max?: number; title?: { text?: string } }>;
    const a = map.a.values;
    scales.x.title!.text = map.a.name;
    const lowest = toNumber(map.lowest.loss);
    this.canvas.dataset.aRange = `${a[0]},${a[a.length - 1]}`;
    if (map.b) {
      this.lossMap = buildLossMap({ ...map, b: map.b });
      showHeatmap(this.chart as unknown as Chart, this.lossMap.heatmap);
      showLossMap(this.chart as unknown as Chart, this.lossMap, t('landscape.colorBar'));
      scales.y.title!.text = map.b.name;
      // The axes end at the grid's first and last values (the lecture's -6 … 11), not at the cells' outer edges.
      Object.assign(scales.x, { min: a[0], max: a[a.length - 1] });
      Object.assign(scales.y, { min: map.b.values[0], max: map.b.values[map.b.values.length - 1] });
      sets[CURVE].data = [];
      sets[LOWEST].data = [{ x: map.lowest.a, y: map.lowest.b }];
      // Over the colour map the path is a white line.
      Object.assign(sets[PATH], { showLine: true, borderColor: '#ffffff', backgroundColor: '#ffffff', pointRadius: 1.5 });
      Object.assign(sets[LOWEST], { borderColor: '#ffffff', backgroundColor: '#ffffff' });
      this.canvas.dataset.cells = String(a.length * map.b.values.length);
      this.canvas.dataset.bRange = `${map.b.values[0]},${map.b.values[map.b.values.length - 1]}`;
      this.canvas.dataset.contours = String(this.lossMap.contours.filter((c) => c.rings.length > 0).length);
    } else {
      this.lossMap = null;
      showHeatmap(this.chart as unknown as Chart, null);
      showLossMap(this.chart as unknown as Chart, null);
      const row = map.loss[0].map(toNumber);
      sets[CURVE].data = a.map((x, i) => ({ x, y: row[i] }));
      Object.assign(scales.x, { min: a[0], max: a[a.length - 1] });
      const finite = row.filter(Number.isFinite);
      Object.assign(scales.y, { min: Math.min(0, ...finite), max: undefined });
      scales.y.title!.text = t('axis.loss');
      sets[LOWEST].data = [{ x: map.lowest.a, y: lowest }];
      Object.assign(sets[LOWEST], { borderColor: INK, backgroundColor: INK });
      // On a one-weight curve the path is the points visited, as lecture 004 draws them.
      Object.assign(sets[PATH], { showLine: false, borderColor: 'rgb(232 113 10 / 70%)', backgroundColor: 'rgb(232 113 10 / 45%)', pointRadius: 4 });
      this.canvas.dataset.cells = String(row.length);
      this.canvas.dataset.contours = '0';
    }
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** The path up to the player's record `index` (at `epoch`): `points` are (a, b) per record for two weights, or (w, L) for one. */
  setPath(points: readonly Point[], index: number, epoch: number): void {
    // The views redraw every frame the player moves or records arrive: a path already drawn up to this record (the
    // same array, grown only past it) is not cut and thinned again (10 000 points each frame).
    const drawn = this.drawnPath;
    if (drawn.points === points && drawn.index === index && drawn.length > index) return;
    this.drawnPath = { points, index, length: points.length };
    const upto = points.slice(0, index + 1).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
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

  /** The weights the data were generated from (lecture 003's (−1, 5)), or nothing. */
  setTruth(point: Point | null): void {
    this.chart.data.datasets[TRUTH].data = point ? [point] : [];
    this.canvas.dataset.truth = point ? `${point.x},${point.y}` : '';
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

  /** Legend entries for what is drawn and inside the axes, each with the mark it is drawn with. */
  private legendItems(chart: Chart<'scatter', Point[]>): LegendItem[] {
    const names = ['landscape.legendCurve', 'landscape.legendPath', 'landscape.legendStart', 'landscape.legendEpoch', 'landscape.legendLowest', 'landscape.legendGrid', 'landscape.legendTruth', 'landscape.legendSteps'] as const;
    const x = chart.scales.x;
    const y = chart.scales.y;
    const inside = (p: Point) => !x || !y || (p.x >= x.min && p.x <= x.max && p.y >= y.min && p.y <= y.max);
    return chart.data.datasets.flatMap((d, i) => {
      const points = d.data as Point[];
      if (points.length === 0 || (i !== PATH && i !== CURVE && i !== STEPS && !points.some(inside))) return [];
      const line = i === PATH ? Boolean(this.map?.b) : i === CURVE || i === STEPS;
      const stroke = String(d.borderColor);
      // White marks drawn over the dark map read in the legend on the light page with a dark outline.
      const onPage = (c: string) => (c === '#ffffff' ? INK : c);
      return [{
        text: t(names[i]),
        datasetIndex: i,
        fillStyle: line ? onPage(stroke) : String(d.backgroundColor) === '#ffffff' && i === LOWEST ? '#ffffff' : String(d.backgroundColor),
        strokeStyle: onPage(stroke),
        lineWidth: i === LOWEST && this.map?.b ? 2.5 : Number(d.borderWidth ?? 1),
        pointStyle: line ? 'line' : ((d as { pointStyle?: string }).pointStyle ?? 'circle'),
        hidden: false,
      } as LegendItem];
    });
  }

  private hover(e: MouseEvent): void {
    const map = this.map;
    if (!map) return;
    const rect = this.canvas.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const area = this.chart.chartArea;
    if (!area || px < area.left || px > area.right || py < area.top || py > area.bottom) return this.showPointer(null);
    const a = this.chart.scales.x.getValueForPixel(px) ?? NaN;
    if (map.b && this.lossMap) {
      const b = this.chart.scales.y.getValueForPixel(py) ?? NaN;
      const loss = this.lossMap.at(a, b);
      this.showPointer(Number.isFinite(loss) ? t('landscape.pointer', { a: formatNumber(a, 4), b: formatNumber(b, 4), loss: formatNumber(loss, 5) }) : null);
    } else {
      const xs = map.a.values;
      const row = map.loss[0].map(toNumber);
      const f = ((a - xs[0]) / (xs[xs.length - 1] - xs[0])) * (xs.length - 1);
      const i = Math.min(xs.length - 2, Math.max(0, Math.floor(f)));
      const loss = row[i] + (row[i + 1] - row[i]) * (f - i);
      this.showPointer(Number.isFinite(loss) ? t('landscape.pointer1', { a: formatNumber(a, 4), loss: formatNumber(loss, 5) }) : null);
    }
  }

  private showPointer(text: string | null): void {
    this.pointer.textContent = text ?? '';
    this.pointer.hidden = text === null;
  }
}
