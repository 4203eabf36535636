import type { LegendItem } from 'chart.js';
import { Chart, FrameScheduler, palette } from './setup';
import { probabilityColor } from './colors';
import { toNumber, type Boundary, type JobData } from '../types';

type Point = { x: number; y: number };
type Cell = { x: number; y: number; v: number };

/** Points drawn at most (dnnex3 has 2000; uploads may have 100 000). */
const MAX_POINTS = 3000;

/** A two-feature classifier: ŷ over the (x1, x2) plane as a banded heatmap, the points coloured by class. */
export class BoundaryChart {
  private readonly chart: Chart;
  private grid: Boundary | null = null;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          {
            type: 'matrix',
            label: 'ŷ',
            data: [] as Cell[],
            backgroundColor: (ctx: { raw?: unknown }) => probabilityColor((ctx.raw as Cell | undefined)?.v ?? NaN),
            borderWidth: 0,
            width: (ctx: { chart: Chart }) => this.cellSize(ctx.chart, 'x'),
            height: (ctx: { chart: Chart }) => this.cellSize(ctx.chart, 'y'),
            order: 10,
          },
          { type: 'scatter', label: 'y = 0', data: [] as Point[], backgroundColor: palette[0], borderColor: '#ffffff', borderWidth: 0.5, pointRadius: 2.5, order: 1 },
          { type: 'scatter', label: 'y = 1', data: [] as Point[], backgroundColor: palette[3], borderColor: '#ffffff', borderWidth: 0.5, pointRadius: 2.5, order: 1 },
        ],
      },
      options: {
        parsing: false,
        scales: { x: { type: 'linear', offset: false, title: { display: true, text: 'x1' } }, y: { type: 'linear', reverse: false, offset: false, title: { display: true, text: 'x2' } } },
        plugins: { legend: { position: 'bottom', labels: { filter: (item: LegendItem) => item.datasetIndex !== 0 } }, tooltip: { enabled: false } },
      },
    } as never);
  }

  clear(): void {
    this.grid = null;
    for (const d of this.chart.data.datasets) d.data = [];
    this.canvas.dataset.cells = '0';
    this.frames.markDirty(this.chart);
  }

  setData(data: JobData): void {
    const [x1, x2] = data.x;
    const stride = Math.max(1, Math.ceil(x1.length / MAX_POINTS));
    const zero: Point[] = [];
    const one: Point[] = [];
    for (let i = 0; i < x1.length; i += stride) (data.y[i] >= 0.5 ? one : zero).push({ x: x1[i], y: x2[i] });
    this.chart.data.datasets[1].data = zero;
    this.chart.data.datasets[2].data = one;
    const scales = this.chart.options.scales as Record<string, { title?: { text?: string } }>;
    scales.x.title!.text = data.xColumns[0];
    scales.y.title!.text = data.xColumns[1];
    this.frames.markDirty(this.chart);
  }

  setGrid(grid: Boundary): void {
    this.grid = grid;
    const cells: Cell[] = [];
    grid.yhat.forEach((row, j) => row.forEach((v, i) => cells.push({ x: grid.x1[i], y: grid.x2[j], v: toNumber(v) })));
    this.chart.data.datasets[0].data = cells as never;
    const d1 = (grid.x1[grid.x1.length - 1] - grid.x1[0]) / (grid.x1.length - 1);
    const d2 = (grid.x2[grid.x2.length - 1] - grid.x2[0]) / (grid.x2.length - 1);
    const scales = this.chart.options.scales as Record<string, { min?: number; max?: number }>;
    Object.assign(scales.x, { min: grid.x1[0] - d1 / 2, max: grid.x1[grid.x1.length - 1] + d1 / 2 });
    Object.assign(scales.y, { min: grid.x2[0] - d2 / 2, max: grid.x2[grid.x2.length - 1] + d2 / 2 });
    this.canvas.dataset.cells = String(cells.length);
    this.canvas.dataset.epoch = String(grid.epoch);
    this.frames.markDirty(this.chart);
  }

  private cellSize(chart: Chart, axis: 'x' | 'y'): number {
    // The chart is passed in: during construction this.chart is not yet assigned.
    const area = chart.chartArea;
    const n = axis === 'x' ? this.grid?.x1.length : this.grid?.x2.length;
    if (!area || !n) return 0;
    return (axis === 'x' ? area.width : area.height) / n + 1;
  }
}
