import { CompareFitChart } from '../charts/compareFitChart';
import { LossChart } from '../charts/lossChart';
import type { FrameScheduler } from '../charts/setup';
import { differingLabels } from '../state/compareLabels';
import { CompareState, type CompareRun, dataKey, defaultTarget, defaultTargets, extent, groupBy, lossKind, recordAt } from '../state/compareState';
import type { EpochPlayer } from '../state/player';
import { yhatAtOrBefore } from '../state/runState';
import { inSlices } from '../transport/inSlices';
import { batchLossPoints } from '../state/miniBatches';
import { getJob, getJobData, getSweep } from '../transport/api';
import type { TrainingConnection } from '../transport/hub';
import { isFinished, type EpochRecord, type Job, type Point, type WireRecord } from '../types';
import { renderCompareTable } from '../ui/compareTable';
import type { CompareSet } from '../ui/urlState';
import { t } from '../i18n/i18n';
import { CompareLandscapes } from './compareLandscapes';
import { chartFigure } from '../ui/chartFigure';

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

type FitGroup = { runs: number[]; chart: CompareFitChart };

/**
 * The compare page: every run's loss on one chart, their paths on a shared landscape per group that shares data,
 * model and loss, their fits at the shared player's epoch, and the runs table. Runs are watched live.
 */
export class ComparePage {
  readonly state = new CompareState();
  // Made when a comparison first opens, not with the page: the page's first chart pays for fonts and number
  // formats, and a run page that never compares should not pay for a chart it never shows (a task over 1 s at load).
  private lossChart?: LossChart;
  private readonly landscapes: CompareLandscapes;
  private fits: FitGroup[] = [];
  private set: CompareSet | null = null;
  private target: number | null = null;
  private targetEdited = false;
  private generation = 0;
  private logChosen = false;
  private lossExtent: [number, number] = [Infinity, -Infinity];
  /** Each mini-batch run's batch losses (step i of epoch k at k − 1 + i/n), drawn faintly under its line. */
  private batchSeries: Point[][] = [];
  private summaryTimer: ReturnType<typeof setTimeout> | null = null;

  private get loss(): LossChart {
    return (this.lossChart ??= new LossChart(this.el.loss, this.frames));
  }

  constructor(
    private readonly el: CompareElements,
    private readonly frames: FrameScheduler,
    private readonly player: EpochPlayer,
    private readonly connection: TrainingConnection,
    private readonly navigate: (set: CompareSet) => void,
  ) {
    this.landscapes = new CompareLandscapes(el.landscapes, frames, this.state, () => this.render());
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
          const batches = batchLossPoints(added);
          if (batches.length > 0) {
            (this.batchSeries[change.index] ??= []).push(...batches);
            this.loss.setRunBatches(this.state.runs.map((_, i) => this.batchSeries[i] ?? []));
          }
          this.widenLossExtent(added);
          this.player.setLast(this.state.lastIndex);
          this.render(); // the player's epoch may not move: another run reached it first
          this.scheduleSummary();
          break;
        }
        case 'status':
          this.renderTable();
          this.landscapes.refresh();
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
    this.batchSeries = [];
    this.loss.setLogScale(this.el.logScale.checked);
    this.landscapes.build();
    this.buildFits();
    this.renderTable();
    await Promise.all(this.state.runs.map((run) => this.watch(run.job.id, generation)));
  }

  async close(): Promise<void> {
    this.generation++;
    this.set = null;
    await this.connection.unwatchAll();
    this.landscapes.clear();
    for (const g of this.fits) g.chart.destroy();
    this.fits = [];
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
   * Every view at the shared player's epoch (a run that ended earlier shows its last record). The player steps over
   * stored epochs: a thinned run's record k is epoch k·every, so each run shows its newest record at that epoch.
   */
  private render(): void {
    const epoch = this.state.epochAt(this.player.epoch);
    this.loss.setEpoch(epoch);
    const runs = this.state.runs;
    this.landscapes.render(epoch);
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
      this.landscapes.refresh();
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
