import { Chart, FrameScheduler, palette } from './setup';
import { showHeatmap } from './heatmap';
import { buildLossMap, showLossMap } from './lossMap';
import { t } from '../i18n/i18n';
import { thin } from './sampling';
import { toNumber, type Landscape, type Point } from '../types';

const REDRAW_MS = 66;

/**
 * Several runs' paths on one loss landscape (they share data, model and loss): colour, contour lines and a colour bar for two weights
 * with a path and a current point per run, or the curve L(w) with each run's visited points for one weight.
 */
export class ComparePathsChart {
  private readonly chart: Chart<'scatter', Point[]>;
  private twoWeights = true;
  private runCount = 0;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: FrameScheduler) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        parsing: false,
        scales: { x: { type: 'linear' }, y: { type: 'linear' } },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item) => !String(item.text).startsWith('·') } },
          tooltip: { enabled: false },
        },
      },
    });
  }

  /** One path and one current point per run, coloured as on the loss chart (`colors` are palette indices). */
  setRuns(labels: readonly string[], colors: readonly number[]): void {
    const curve = { label: '· L(w)', data: [] as Point[], showLine: true, borderColor: '#1d2330', pointRadius: 0, borderWidth: 1.5, order: 9 };
    const runs = labels.flatMap((label, i) => {
      const color = palette[colors[i] % palette.length];
      return [
        { label, data: [] as Point[], showLine: true, borderColor: color, backgroundColor: color, pointRadius: 1.5, borderWidth: 2, order: 2 },
        { label: `· ${label}`, data: [] as Point[], backgroundColor: color, borderColor: '#ffffff', pointRadius: 7, borderWidth: 2, order: 0 },
      ];
    });
    // Each mini-batch run's every step (the zig-zag between its epochs' points), faint in the run's colour beneath.
    const steps = labels.map((label, i) => {
      const color = palette[colors[i] % palette.length];
      return { label: `· ${label} steps`, data: [] as Point[], showLine: true, borderColor: `${color}99`, backgroundColor: color, pointRadius: 0, borderWidth: 1, order: 3 };
    });
    this.chart.data.datasets = [curve, ...runs, ...steps];
    this.runCount = labels.length;
    this.canvas.dataset.runs = String(labels.length);
    this.frames.markDirty(this.chart);
  }

  setMap(map: Landscape): void {
    const scales = this.chart.options.scales as Record<string, { min?: number; max?: number; title?: { display?: boolean; text?: string } }>;
    const a = map.a.values;
    scales.x.title = { display: true, text: map.a.name };
    this.twoWeights = map.b !== null;
    if (map.b) {
      const lossMap = buildLossMap({ ...map, b: map.b });
      showHeatmap(this.chart as unknown as Chart, lossMap.heatmap);
      showLossMap(this.chart as unknown as Chart, lossMap, t('landscape.colorBar'));
      scales.y.title = { display: true, text: map.b.name };
      this.chart.data.datasets[0].data = [];
      this.canvas.dataset.cells = String(a.length * map.b.values.length);
    } else {
      showHeatmap(this.chart as unknown as Chart, null);
      showLossMap(this.chart as unknown as Chart, null);
      const row = map.loss[0].map(toNumber);
      this.chart.data.datasets[0].data = a.map((x, i) => ({ x, y: row[i] }));
      Object.assign(scales.x, { min: a[0], max: a[a.length - 1] });
      scales.y.title = { display: true, text: t('axis.loss') };
      this.canvas.dataset.cells = String(row.length);
    }
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** Each run's path up to its record at the shared epoch (at[i]): (a, b) per record for two weights, (w, L) for one. */
  setPaths(paths: readonly (readonly Point[])[], at: readonly number[], epoch: number): void {
    const sets = this.chart.data.datasets;
    paths.forEach((path, i) => {
      const upto = path.slice(0, at[i] + 1).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
      sets[1 + 2 * i].data = thin(upto);
      // On a one-weight curve the path is the points visited (lecture 004); on a map, a line.
      Object.assign(sets[1 + 2 * i], this.twoWeights ? { showLine: true, pointRadius: upto.length > 200 ? 0 : 1.5 } : { showLine: false, pointRadius: 3.5 });
      sets[2 + 2 * i].data = upto.length > 0 ? [upto[upto.length - 1]] : [];
    });
    this.canvas.dataset.epoch = String(epoch);
    this.canvas.dataset.pathPoints = paths.map((p, i) => Math.min(p.length, at[i] + 1)).join(',');
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  /** Each run's steps up to the shared epoch (empty for a full-batch run), as the run page draws one run's. */
  setSteps(steps: readonly (readonly Point[])[]): void {
    const sets = this.chart.data.datasets;
    steps.forEach((points, i) => {
      const set = sets[1 + 2 * this.runCount + i];
      if (set) set.data = thin(points);
    });
    this.canvas.dataset.stepPoints = steps.map((p) => p.length).join(',');
    this.frames.markDirty(this.chart, REDRAW_MS);
  }

  destroy(): void {
    this.chart.destroy();
  }
}
