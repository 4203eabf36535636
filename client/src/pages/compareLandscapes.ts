import { ComparePathsChart } from '../charts/comparePathsChart';
import type { FrameScheduler } from '../charts/setup';
import { t } from '../i18n/i18n';
import { type CompareRun, type CompareState, extent, groupBy, landscapeKey } from '../state/compareState';
import { stepPath } from '../state/miniBatches';
import { indexAtOrBefore } from '../state/runState';
import { getLandscape } from '../transport/api';
import { isFinished, type Point } from '../types';
import { chartFigure } from '../ui/chartFigure';

type LandscapeGroup = { runs: number[]; chart: ComparePathsChart; figure: HTMLElement; requested: string };

/**
 * The compare page's landscapes: one map per group of runs on the same data, model and loss, fetched once the
 * group's runs have finished, with every run's path up to its record at the shared player's epoch.
 */
export class CompareLandscapes {
  private groups: LandscapeGroup[] = [];
  private generation = 0;

  constructor(
    private readonly parent: HTMLElement,
    private readonly frames: FrameScheduler,
    private readonly state: CompareState,
    /** A map arrived: the page draws the paths on it. */
    private readonly rendered: () => void,
  ) {}

  clear(): void {
    this.generation++;
    for (const g of this.groups) g.chart.destroy();
    this.groups = [];
    this.parent.replaceChildren();
  }

  /** One landscape per group of runs on the same data, model and loss (lecture 003's BCE and MSE side by side). */
  build(): void {
    const runs = this.state.runs;
    for (const indices of groupBy(runs, landscapeKey)) {
      const first = runs[indices[0]].job;
      const what = first.request.model?.type === 'function' ? first.request.model.expression : `${first.request.loss ?? 'mse'}`;
      const held = first.paramNames.length > 2 ? ` (${t('compare.heldAt', { label: runs[indices[0]].label })})` : '';
      const { figure, canvas } = chartFigure(this.parent, `${t('compare.landscape')} — ${what}${held}`);
      figure.dataset.compareLandscape = indices.map((i) => runs[i].job.id).join(',');
      const chart = new ComparePathsChart(canvas, this.frames);
      chart.setRuns(
        indices.map((i) => runs[i].label),
        indices,
      );
      this.groups.push({ runs: indices, chart, figure, requested: '' });
    }
  }

  /**
   * A group's map once its runs have finished, over one range that holds every path (points past 10× a run's
   * starting loss left out, so a diverging run still leaves a readable map).
   */
  refresh(): void {
    const runs = this.state.runs;
    for (const group of this.groups) {
      const members = group.runs.map((i) => runs[i]);
      if (!members.every((r) => isFinished(r.job.status) && r.records.length > 0)) continue;
      const first = members[0];
      const oneWeight = first.job.paramNames.length === 1;
      const points = members.flatMap((r) => {
        const start = r.records[0].loss;
        return r.records.filter((rec) => Number.isFinite(rec.loss) && !(rec.loss > 10 * Math.max(start, 1e-12)));
      });
      const range = (values: number[]) => {
        let [lo, hi] = extent(values);
        if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
        const pad = (hi - lo) * 0.1;
        return [lo - pad, hi + pad];
      };
      const [aMin, aMax] = range(points.map((p) => p.weights[0]));
      const [bMin, bMax] = oneWeight ? [undefined, undefined] : range(points.map((p) => p.weights[1]));
      const key = [aMin, aMax, bMin, bMax].join(',');
      if (group.requested === key) continue;
      group.requested = key;
      const generation = this.generation;
      getLandscape(first.job.id, oneWeight ? { a: 0, size: 201, aMin, aMax } : { a: 0, b: 1, size: 61, aMin, aMax, bMin, bMax, epoch: first.records[first.records.length - 1].epoch })
        .then((map) => {
          if (generation !== this.generation) return;
          group.chart.setMap(map);
          group.figure.dataset.map = 'ready';
          this.rendered();
        })
        .catch((error) => {
          group.figure.dataset.map = 'failed';
          group.figure.querySelector('figcaption')!.append(` — ${String(error)}`);
        });
    }
  }

  /** Each run's path up to its newest record at the (true) epoch `epoch`: a thinned run's record k is not epoch k. */
  render(epoch: number): void {
    const runs = this.state.runs;
    const indexIn = (run: CompareRun | undefined) => (run && run.records.length > 0 ? indexAtOrBefore(run.records, epoch) : -1);
    for (const g of this.groups) {
      const oneWeight = runs[g.runs[0]]?.job.paramNames.length === 1;
      const at = g.runs.map((i) => indexIn(runs[i]));
      g.chart.setPaths(g.runs.map((i) => path(runs[i], oneWeight)), at, epoch);
      // Mini-batch runs: every step between the epochs' points, as on the run page.
      if (!oneWeight) g.chart.setSteps(g.runs.map((i, k) => (runs[i]?.job.request.batch ? stepPath(runs[i].records, at[k], 0, 1) : [])));
    }
  }
}

/** (w0, w1) per record for a two-weight map, (w, L) for a one-weight curve. */
function path(run: CompareRun, oneWeight: boolean): Point[] {
  return run.records.map((r) => (oneWeight ? { x: r.weights[0], y: r.loss } : { x: r.weights[0], y: r.weights[1] }));
}
