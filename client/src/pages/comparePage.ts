import { CompareFitChart } from '../charts/compareFitChart';
import { LossChart } from '../charts/lossChart';
import { ComparePathsChart } from '../charts/comparePathsChart';
import type { FrameScheduler } from '../charts/setup';
import { differingLabels } from '../state/compareLabels';
import { CompareState, type CompareRun, dataKey, defaultTarget, defaultTargets, groupBy, landscapeKey, lossKind, recordAt } from '../state/compareState';
import type { EpochPlayer } from '../state/player';
import { yhatAtOrBefore } from '../state/runState';
import { inSlices } from '../transport/inSlices';
import { stepPath } from '../state/miniBatches';
import { getJob, getJobData, getLandscape, getSweep } from '../transport/api';
import type { TrainingConnection } from '../transport/hub';
import { isFinished, type EpochRecord, type Job, type Point, type WireRecord } from '../types';
import { renderCompareTable } from '../ui/compareTable';
import type { CompareSet } from '../ui/urlState';
import { t } from '../i18n/i18n';

export interface CompareElements {
  title: HTMLElement;
  exports: HTMLElement;
  loss: HTMLCanvasElement;
  logScale: HTMLInputElement;
  landscapes: HTMLElement;
  fits: HTMLElement;
  table: HTMLTableElement;
  target: HTMLInputElement;
  message: HTMLElement;
}

type LandscapeGroup = { runs: number[]; chart: ComparePathsChart; figure: HTMLElement; requested: string };
type FitGroup = { runs: number[]; chart: CompareFitChart };

/**
 * The compare page: every run's loss on one chart, their paths on a shared landscape per group that shares data,
 * model and loss, their fits at the shared player's epoch, and the runs table. Runs are watched live.
 */
export class ComparePage {
  readonly state = new CompareState();
  private readonly loss: LossChart;
  private landscapes: LandscapeGroup[] = [];
  private fits: FitGroup[] = [];
  private set: CompareSet | null = null;
  private target: number | null = null;
  private targetEdited = false;
  private generation = 0;
  private logChosen = false;
  private lossExtent: [number, number] = [Infinity, -Infinity];
  private summaryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly el: CompareElements,
    private readonly frames: FrameScheduler,
    private readonly player: EpochPlayer,
    private readonly connection: TrainingConnection,
    private readonly navigate: (set: CompareSet) => void,
  ) {
    this.loss = new LossChart(el.loss, frames);
    el.logScale.addEventListener('change', () => {
      this.logChosen = true;
      this.loss.setLogScale(el.logScale.checked);
    });
    el.target.addEventListener('change', () => {
      const v = Number(el.target.value);
      this.targetEdited = el.target.value.trim() !== '' && Number.isFinite(v);
      this.target = this.targetEdited ? v : defaultTarget(this.state.runs);
      this.renderTable();
    });
    this.state.subscribe((change) => {
      if (!this.set) return;
      switch (change.kind) {
        case 'records': {
          const added = this.state.runs[change.index].records.slice(change.from);
          this.loss.append(added, change.index);
          this.widenLossExtent(added);
          this.player.setLast(this.state.lastEpoch);
          this.render(); // the player's epoch may not move: another run reached it first
          this.scheduleSummary();
          break;
        }
        case 'status':
          this.renderTable();
          this.refreshLandscapes();
          break;
        case 'data':
          for (const g of this.fits) if (g.runs[0] === change.index) g.chart.setData(this.state.runs[change.index].data!);
          this.render();
          break;
      }
    });
    player.subscribe(() => {
      if (this.set) this.render();
    });
  }

  get active(): boolean {
    return this.set !== null;
  }

  /** Opens a set of runs: loads the jobs, builds one chart per shared view, and watches every run. */
  async open(set: CompareSet): Promise<void> {
    await this.close();
    const generation = ++this.generation;
    this.set = set;
    this.el.message.textContent = '';
    let runs: { job: Job; label: string }[];
    if (set.kind === 'sweep') {
      const sweep = await getSweep(set.id);
      runs = sweep.members.filter((m) => m.job).map((m) => ({ job: m.job!, label: m.label }));
      this.el.title.textContent = t('compare.sweep', { count: runs.length });
      this.links([
        ['CSV', `/sweeps/${set.id}/history.csv`],
        ['JSON', `/sweeps/${set.id}/history.json`],
      ]);
    } else {
      const settled = await Promise.allSettled(set.ids.map((id) => getJob(id)));
      const jobs = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const missing = set.ids.filter((_, i) => settled[i].status === 'rejected');
      if (missing.length > 0) this.el.message.textContent = t('compare.missing', { ids: missing.join(', ') });
      const labels = differingLabels(jobs.map((j) => j.request));
      runs = jobs.map((job, i) => ({ job, label: labels[i] }));
      this.el.title.textContent = t('compare.jobs', { count: runs.length });
      this.links([]);
    }
    if (generation !== this.generation) return;

    this.state.setRuns(runs);
    this.player.reset();
    this.targetEdited = false;
    this.el.target.value = '';
    this.target = null;
    this.loss.setRuns(
      runs.map((r) => r.label),
      Math.max(1, ...runs.map((r) => r.job.epochsTotal)),
    );
    if (!this.logChosen) this.el.logScale.checked = false;
    this.lossExtent = [Infinity, -Infinity];
    this.loss.setLogScale(this.el.logScale.checked);
    this.buildLandscapes();
    this.buildFits();
    this.renderTable();
    await Promise.all(this.state.runs.map((run) => this.watch(run.job.id, generation)));
  }

  async close(): Promise<void> {
    this.generation++;
    this.set = null;
    await this.connection.unwatchAll();
    for (const g of this.landscapes) g.chart.destroy();
    for (const g of this.fits) g.chart.destroy();
    this.landscapes = [];
    this.fits = [];
    this.el.landscapes.replaceChildren();
    this.el.fits.replaceChildren();
  }

  private async watch(jobId: string, generation: number): Promise<void> {
    // Page by page and over a few frames, as the run page takes them (several long runs at once would freeze the page).
    const take = async (records: WireRecord[]) => {
      if (generation !== this.generation) return;
      const index = this.state.indexOf(jobId);
      await inSlices(records, (slice) => this.state.append(index, slice), () => generation === this.generation);
    };
    await this.connection.watch(jobId, {
      snapshot: async (job, records) => {
        if (generation !== this.generation) return;
        this.state.setJob(this.state.indexOf(jobId), job);
        await take(records);
      },
      more: take,
      complete: () => undefined,
      epochs: (records) => {
        if (generation !== this.generation) return;
        if (!this.state.append(this.state.indexOf(jobId), records)) void this.watch(jobId, generation);
      },
      status: (job) => {
        if (generation === this.generation) this.state.setJob(this.state.indexOf(jobId), job);
      },
    });
  }

  private links(files: [string, string][]): void {
    this.el.exports.parentElement!.hidden = files.length === 0;
    this.el.exports.replaceChildren(
      ...files.flatMap(([text, href]) => {
        const a = document.createElement('a');
        a.href = href;
        a.textContent = text;
        a.setAttribute('download', '');
        return [a, document.createTextNode(' ')];
      }),
    );
  }

  /** One landscape per group of runs on the same data, model and loss (lecture 003's BCE and MSE side by side). */
  private buildLandscapes(): void {
    const runs = this.state.runs;
    for (const indices of groupBy(runs, landscapeKey)) {
      const first = runs[indices[0]].job;
      const what = first.request.model?.type === 'function' ? first.request.model.expression : `${first.request.loss ?? 'mse'}`;
      const held = first.paramNames.length > 2 ? ` (${t('compare.heldAt', { label: runs[indices[0]].label })})` : '';
      const { figure, canvas } = chartFigure(this.el.landscapes, `${t('compare.landscape')} — ${what}${held}`);
      figure.dataset.compareLandscape = indices.map((i) => runs[i].job.id).join(',');
      const chart = new ComparePathsChart(canvas, this.frames);
      chart.setRuns(
        indices.map((i) => runs[i].label),
        indices,
      );
      this.landscapes.push({ runs: indices, chart, figure, requested: '' });
    }
  }

  /** One fit chart per data set with one feature: the points once, every run's ŷ over them. */
  private buildFits(): void {
    const runs = this.state.runs;
    for (const indices of groupBy(runs, dataKey)) {
      const first = runs[indices[0]].job;
      if (first.request.model?.type === 'function' || first.paramNames.length === 0) continue;
      const { figure, canvas } = chartFigure(this.el.fits, t('compare.fits'));
      figure.dataset.compareFit = indices.map((i) => runs[i].job.id).join(',');
      const chart = new CompareFitChart(canvas, this.frames);
      chart.setRuns(
        indices.map((i) => runs[i].label),
        indices,
        t('fit.data'),
      );
      this.fits.push({ runs: indices, chart });
      const generation = this.generation;
      getJobData(first.id)
        .then((data) => {
          if (generation !== this.generation) return;
          // Two features have no x axis to draw ŷ over: the run page's decision boundary shows them.
          if (data.x.length !== 1) figure.remove();
          else this.state.setData(indices[0], data);
        })
        .catch(() => figure.remove());
    }
  }

  /**
   * A group's map once its runs have finished, over one range that holds every path (points past 10× a run's
   * starting loss left out, so a diverging run still leaves a readable map).
   */
  private refreshLandscapes(): void {
    const runs = this.state.runs;
    for (const group of this.landscapes) {
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
      getLandscape(first.job.id, oneWeight ? { a: 0, size: 201, aMin, aMax } : { a: 0, b: 1, size: 61, aMin, aMax, bMin, bMax, epoch: first.records.length - 1 })
        .then((map) => {
          if (generation !== this.generation) return;
          group.chart.setMap(map);
          group.figure.dataset.map = 'ready';
          this.render();
        })
        .catch((error) => {
          group.figure.dataset.map = 'failed';
          group.figure.querySelector('figcaption')!.append(` — ${String(error)}`);
        });
    }
  }

  /** Every view at the shared player's epoch (a run that ended earlier shows its last record). */
  private render(): void {
    const epoch = this.player.epoch;
    this.loss.setEpoch(epoch);
    const runs = this.state.runs;
    for (const g of this.landscapes) {
      const oneWeight = runs[g.runs[0]]?.job.paramNames.length === 1;
      g.chart.setPaths(g.runs.map((i) => path(runs[i], oneWeight)), epoch);
      // Mini-batch runs: every step between the epochs' points, as on the run page.
      if (!oneWeight) g.chart.setSteps(g.runs.map((i) => (runs[i]?.job.request.batch ? stepPath(runs[i].records, epoch, 0, 1) : [])));
    }
    for (const g of this.fits) {
      g.chart.show(
        g.runs.map((i) => yhatAt(runs[i], epoch)),
        epoch,
      );
    }
  }

  /**
   * The table, the target, the landscapes' readiness and the scale from all runs' records: at most four times a
   * second while runs stream (a batch of each of several runs arrives every 50 ms).
   */
  private scheduleSummary(): void {
    if (this.summaryTimer) return;
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      if (!this.set) return;
      this.renderTable();
      this.refreshLandscapes();
      this.autoLogScale();
    }, 250);
  }

  /** The smallest and largest positive finite loss seen, kept as records arrive rather than rescanned. */
  private widenLossExtent(records: readonly EpochRecord[]): void {
    const [lo, hi] = extent(records.map((r) => (r.loss > 0 ? r.loss : NaN)));
    this.lossExtent = [Math.min(this.lossExtent[0], lo), Math.max(this.lossExtent[1], hi)];
  }

  /**
   * Runs whose losses span more than four orders of magnitude (lecture 000's α = 0.01 reaches 3e38) switch the loss
   * chart to a log scale, unless the user has chosen a scale: on a linear one every other run is a flat line at 0.
   */
  private autoLogScale(): void {
    if (this.logChosen || this.el.logScale.checked) return;
    const [lo, hi] = this.lossExtent;
    if (!(hi / lo > 1e4)) return;
    this.el.logScale.checked = true;
    this.loss.setLogScale(true);
  }

  private refreshTarget(): void {
    if (this.targetEdited) return;
    if (!this.state.runs.every((r) => isFinished(r.job.status))) return;
    this.target = defaultTarget(this.state.runs);
    this.el.target.placeholder = this.target === null ? '' : String(this.target);
  }

  private renderTable(): void {
    if (!this.targetEdited) this.refreshTarget();
    const remove =
      this.set?.kind === 'jobs'
        ? (index: number) => {
            const ids = this.state.runs.map((r) => r.job.id).filter((_, i) => i !== index);
            this.navigate({ kind: 'jobs', ids });
          }
        : null;
    // The user's target applies to every run; by default each loss kind has its own.
    const targets = defaultTargets(this.state.runs);
    const targetOf = (run: CompareRun) => (this.targetEdited ? this.target : (targets.get(lossKind(run.job.request)) ?? null));
    renderCompareTable(this.el.table, this.state.runs, targetOf, remove);
    this.el.table.dataset.target = this.targetEdited ? String(this.target) : [...targets.values()].join(',');
  }
}

/** The smallest and largest finite values (a loop: a spread of 40 000 losses can overflow the call stack). */
function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** A chart card appended to `parent`: its caption and the canvas to draw in. */
function chartFigure(parent: HTMLElement, caption: string): { figure: HTMLElement; canvas: HTMLCanvasElement } {
  const figure = document.createElement('figure');
  figure.className = 'card chart';
  const figcaption = document.createElement('figcaption');
  figcaption.textContent = caption;
  const box = document.createElement('div');
  box.className = 'canvas-box';
  const canvas = document.createElement('canvas');
  box.append(canvas);
  figure.append(figcaption, box);
  parent.append(figure);
  return { figure, canvas };
}

/** (w0, w1) per record for a two-weight map, (w, L) for a one-weight curve. */
function path(run: CompareRun, oneWeight: boolean): Point[] {
  return run.records.map((r) => (oneWeight ? { x: r.weights[0], y: r.loss } : { x: r.weights[0], y: r.weights[1] }));
}

function yhatAt(run: CompareRun, epoch: number): EpochRecord | null {
  const at = recordAt(run, epoch);
  return at ? yhatAtOrBefore(run.records, at.epoch) : null;
}

/** The compare section's elements in index.html. */
export function compareElements(byId: <T extends HTMLElement>(id: string) => T): CompareElements {
  return {
    title: byId('compare-title'),
    exports: byId('compare-exports'),
    loss: byId('compare-loss'),
    logScale: byId('compare-log'),
    landscapes: byId('compare-landscapes'),
    fits: byId('compare-fits'),
    table: byId('compare-table'),
    target: byId('compare-target'),
    message: byId('compare-message'),
  };
}
