import { BoundaryChart } from '../charts/boundaryChart';
import { FitChart } from '../charts/fitChart';
import { LandscapeChart } from '../charts/landscapeChart';
import { Surface3d } from '../charts/surface3d';
import { LossChart } from '../charts/lossChart';
import type { FrameScheduler } from '../charts/setup';
import { WeightsChart } from '../charts/weightsChart';
import type { EpochPlayer } from '../state/player';
import type { RunState } from '../state/runState';
import type { InspectionSource, LandscapeParams } from '../loaders/inspection';
import { Latest } from '../loaders/latest';
import { isFinished, toNumber, type Boundary, type EpochRecord, type GridSearch, type Job, type Landscape, type Point, type Step, type ViewName, type WireNumber } from '../types';
import { batchLossPoints, stepPath, validationPoints } from '../state/miniBatches';
import { zoomedBounds } from '../state/mapZoom';
import { ConfusionPanel } from './confusionPanel';
import { applicableViews } from './applicableViews';
import { gridSearchSummary } from './gridSearchSummary';
import { GraphPanel } from './graphPanel';
import { LandscapeNote } from './landscapeNote';
import { fillPicker, fillPickers } from './weightPickers';
import { StepPanel } from './stepPanel';
import type { ViewToggles } from './viewToggles';

export interface RunViewElements {
  fit: HTMLCanvasElement;
  boundary: HTMLCanvasElement;
  loss: HTMLCanvasElement;
  weights: HTMLCanvasElement;
  landscape: HTMLCanvasElement;
  landscapeA: HTMLSelectElement;
  landscapeB: HTMLSelectElement;
  landscapeNote: HTMLElement;
  landscapePointer: HTMLElement;
  surface: HTMLElement;
  surfaceNote: HTMLElement;
  surfaceShow: HTMLButtonElement;
  landscapeZoom: { out: HTMLButtonElement; in: HTMLButtonElement; fit: HTMLButtonElement };
  gridSearch: HTMLElement;
  step: HTMLElement;
  graph: HTMLElement;
  confusion: HTMLElement;
}

/**
 * Every view of the open job, following the epoch player. Views drawn from the records (fit, loss, weights, the
 * path) update in the frame; views the server computes (landscape, boundary, step and graph, grid search) are
 * fetched through one Latest each, so a moving player never queues stale requests.
 */
export class RunViews {
  // The charts are made when first drawn, not with the page: five Chart.js charts made at once were the page's one
  // main-thread task over 200 ms of CPU while a 64-64 job opened (a trace), and a chart the job has no use for (the
  // decision boundary of a one-feature fit) is never made.
  private fitChart?: FitChart;
  private boundaryChart?: BoundaryChart;
  private lossChart?: LossChart;
  private weightsChart?: WeightsChart;
  private landscapeChart?: LandscapeChart;
  private readonly surface: Surface3d;
  private readonly stepPanel: StepPanel;
  private readonly graphPanel: GraphPanel;
  private readonly confusionPanel: ConfusionPanel;
  private readonly landscapeNote: LandscapeNote;
  private validationSeries: Point[] = [];
  private batchSeries: Point[] = [];
  private readonly landscapeLoad: Latest<Landscape>;
  private readonly boundaryLoad: Latest<Boundary>;
  private readonly stepLoad: Latest<Step>;
  private readonly gridLoad: Latest<GridSearch>;
  private readonly yhatLoad: Latest<{ epoch: number; yhat: WireNumber[] } | null>;
  private path: Point[] = [];
  /** Bounds the user zoomed to; none: the server fits the map to the path. */
  private bounds: Pick<LandscapeParams, 'aMin' | 'aMax' | 'bMin' | 'bMax'> | null = null;
  private map: Landscape | null = null;
  private mapHeldEpoch = -1;
  private gridSearchFor = '';

  constructor(
    private readonly el: RunViewElements,
    private readonly frames: FrameScheduler,
    private readonly state: RunState,
    private readonly player: EpochPlayer,
    private readonly toggles: ViewToggles,
    private readonly load: InspectionSource,
  ) {
    this.surface = new Surface3d(el.surface, el.surfaceNote, el.surfaceShow);
    this.stepPanel = new StepPanel(el.step);
    this.graphPanel = new GraphPanel(el.graph);
    this.confusionPanel = new ConfusionPanel(el.confusion);
    this.landscapeNote = new LandscapeNote(el.landscapeNote);
    this.landscapeLoad = new Latest((map) => {
      this.landscape.setMap(map);
      this.landscape.setTruth(this.truthPoint(map));
      this.map = map;
      this.mapHeldEpoch = map.epoch;
      el.surface.closest('figure')?.classList.toggle('no-surface', !map.b);
      if (map.b) this.surface.setMap(map); // kept; drawn only once asked (its Draw button)
      this.drawPath();
    }, (error) => this.landscapeNote.fail(error), 400);
    this.boundaryLoad = new Latest((grid) => this.boundary.setGrid(grid), undefined, 100);
    this.stepLoad = new Latest((step) => {
      if (!this.state.job) return;
      if (this.toggles.isOpen('step')) this.stepPanel.show(step, this.state.job.request);
      if (this.toggles.isOpen('graph')) this.graphPanel.show(step.graph, step.graphNodes, step.epoch);
    }, undefined, 150);
    this.gridLoad = new Latest((g) => this.showGridSearch(g), (e) => (el.gridSearch.textContent = String((e as Error).message ?? e)));
    this.yhatLoad = new Latest((p) => {
      if (!p) return;
      this.state.fillYhat(p.epoch, p.yhat.map(toNumber));
      if (this.toggles.isOpen('fit')) this.renderFit();
      if (this.toggles.isOpen('confusion')) this.renderConfusion();
    }, undefined, 50);
    for (const select of [el.landscapeA, el.landscapeB]) {
      select.addEventListener('change', () => this.axesChanged());
      for (const type of ['pointerdown', 'focus', 'keydown']) select.addEventListener(type, () => fillPicker(select, this.state.job?.paramNames ?? []));
    }
    el.landscapeZoom.out.addEventListener('click', () => this.zoom(2));
    el.landscapeZoom.in.addEventListener('click', () => this.zoom(0.5));
    el.landscapeZoom.fit.addEventListener('click', () => {
      this.bounds = null;
      this.requestMap();
    });
    toggles.onChange(() => this.render());
  }

  private get fit(): FitChart {
    return (this.fitChart ??= new FitChart(this.el.fit, this.frames));
  }

  private get boundary(): BoundaryChart {
    return (this.boundaryChart ??= new BoundaryChart(this.el.boundary, this.frames));
  }

  private get loss(): LossChart {
    return (this.lossChart ??= new LossChart(this.el.loss, this.frames));
  }

  private get weights(): WeightsChart {
    return (this.weightsChart ??= new WeightsChart(this.el.weights, this.frames));
  }

  private get landscape(): LandscapeChart {
    return (this.landscapeChart ??= new LandscapeChart(this.el.landscape, this.frames, this.el.landscapePointer));
  }

  /**
   * Following a running job (or a snapshot going in): views that replay or re-evaluate on the server (the step, a
   * many-weight landscape, a missing ŷ) wait until the player is paused or the job ends, so inspection never
   * competes with training.
   */
  private get live(): boolean {
    return this.player.following && (this.loading || !isFinished(this.state.job?.status ?? 'completed'));
  }

  /**
   * The snapshot's records are still going in: following them, a view the server computes would be asked for at
   * every page's newest epoch (a 1→64→64→1 net's map at each of them, a second of the server's CPU each), so those
   * views wait for the last page, like a live run's.
   */
  private loading = false;

  snapshotLoading(on: boolean): void {
    this.loading = on;
    if (!on) this.render();
  }

  private get manyWeights(): boolean {
    return (this.state.job?.paramNames.length ?? 0) > 2;
  }

  /** A job was opened: clear every view and say which apply; `layout` places the views before charts are made in them. */
  reset(job: Job | null, layout: () => void = () => undefined): void {
    for (const l of [this.landscapeLoad, this.boundaryLoad, this.stepLoad, this.gridLoad, this.yhatLoad]) l.cancel();
    if (!job) this.loading = false;
    this.fitChart?.clear();
    this.boundaryChart?.clear();
    this.landscapeChart?.clear();
    this.surface.clear();
    this.stepPanel.clear();
    this.graphPanel.clear();
    this.confusionPanel.clear();
    this.validationSeries = [];
    this.batchSeries = [];
    this.path = [];
    this.mapHeldEpoch = -1;
    this.bounds = null;
    this.map = null;
    this.gridSearchFor = '';
    this.el.gridSearch.textContent = '';
    this.landscapeNote.reset(job !== null);
    const names = job?.paramNames ?? [];
    fillPickers(this.el.landscapeA, this.el.landscapeB, names);
    this.toggles.setApplicable(job ? applicableViews(job) : []);
    // The views' places are known before any chart is made in them: a chart made in its old box is resized again.
    layout();
    if (job || this.lossChart) this.loss.reset(job?.epochsTotal ?? 1);
    if (job || this.weightsChart) this.weights.reset(names, job?.epochsTotal ?? 1);
    if (job) this.makeCharts(job);
  }

  /** The open views' other charts, a task each (made in the first drawing, they were one 350 ms task under load). */
  private makeCharts(job: Job): void {
    const wanted: [ViewName, () => unknown][] = [['fit', () => this.fit], ['landscape', () => this.landscape], ['boundary', () => this.boundary]];
    const next = (k: number) => {
      if (k >= wanted.length || this.state.job?.id !== job.id) return;
      if (this.toggles.isOpen(wanted[k][0])) wanted[k][1]();
      setTimeout(() => next(k + 1), 0);
    };
    setTimeout(() => next(0), 0);
  }

  /** The job's data arrived (not for a function model). */
  dataChanged(): void {
    const data = this.state.data;
    const job = this.state.job;
    if (!data || !job) return;
    if (data.x.length === 1) this.fit.setData(data, job.request.model?.type === 'linear' && job.request.loss !== 'bce');
    if (data.x.length === 2) this.boundary.setData(data);
    this.render();
  }

  recordsAdded(from: number): void {
    const added = this.state.records.slice(from);
    this.loss.append(added);
    this.validationSeries.push(...validationPoints(added));
    this.batchSeries.push(...batchLossPoints(added));
    if (this.validationSeries.length > 0 || this.batchSeries.length > 0) this.loss.setExtras(this.validationSeries, this.batchSeries);
    this.weights.append(added);
    for (const r of added) this.path.push(this.pathPoint(r));
    const newest = this.path[this.path.length - 1];
    // A map is wanted once there is a path, and again when the path leaves it (unless the user chose the range).
    // A lecture's own domain stays put: a path that leaves it is said to, not chased.
    if (newest && (this.mapHeldEpoch < 0 || (!this.bounds && !this.hasDomain && !(this.landscapeChart?.covers(newest) ?? false)))) this.requestMap();
  }

  statusChanged(job: Job): void {
    if (isFinished(job.status)) {
      this.requestMap(); // the whole path is known: its final range
      this.requestGridSearch();
      // Views that waited for the live run to end, and every chart at its last record within a few frames, not
      // after its rest: paced charts once ended a short run a second behind the player (the loss curve at epoch 63
      // of 117).
      this.drawEverything = true;
      this.render();
    }
  }

  private renderScheduled = false;
  private drawEverything = false;

  /** Draws every open view at the player's epoch, at most once per animation frame. */
  render(): void {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    requestAnimationFrame(() => {
      this.renderScheduled = false;
      this.renderNow();
    });
  }

  private renderNow(): void {
    // The player moves over stored records; a thinned job's record k is not epoch k (the server asks for epochs).
    const index = this.player.epoch;
    const epoch = this.state.epochAt(index);
    const job = this.state.job;
    if (!job || this.state.records.length === 0) return;
    if (this.toggles.isOpen('fit')) this.renderFit();
    this.loss.setEpoch(epoch);
    this.weights.setEpoch(epoch);
    if (this.mapOpen()) {
      this.drawPath();
      if (this.manyWeights && epoch !== this.mapHeldEpoch && !this.live) this.requestMap();
      if (this.mapHeldEpoch < 0) this.requestMap();
    }
    if (this.toggles.isOpen('boundary')) this.boundaryLoad.request((signal) => this.load.boundary(job.id, epoch, 50, signal));
    if (this.toggles.isOpen('step') || this.toggles.isOpen('graph')) {
      if (this.live) this.stepPanel.waiting();
      else this.stepLoad.request((signal) => this.load.step(job.id, epoch, signal));
    }
    if (this.toggles.isOpen('gridsearch')) this.requestGridSearch();
    if (this.toggles.isOpen('confusion')) this.renderConfusion();
    if (this.toggles.isOpen('fit') || this.toggles.isOpen('confusion')) this.fetchMissingYhat();
    // Already in an animation frame: the charts draw the player's epoch in this one, not the next; all of them
    // when a person moved the player (not while it follows a stream or plays).
    // A job that just ended has every chart catch up over the next few frames, not in one long task.
    if (this.drawEverything) this.frames.catchUp();
    else this.frames.flush(!this.player.following && !this.player.playing);
    this.drawEverything = false;
  }

  /**
   * ŷ at the player's epoch. The stream keeps ŷ on a sample of a long run's epochs (and a snapshot on its newest
   * ones), so a missing one is fetched; meanwhile the nearest earlier ŷ is shown, labelled with its epoch.
   */
  private renderFit(): void {
    const index = this.player.epoch;
    const current = this.state.yhatAt(index);
    const earlier = current ? this.state.earlierYhat(index, this.fit.fadedLines) : [];
    this.fit.show(current, earlier);
  }

  /** The confusion matrix from the same ŷ as the fit: the nearest earlier one, labelled, until the player's arrives. */
  private renderConfusion(): void {
    this.confusionPanel.show(this.state.yhatAt(this.player.epoch), this.state.data);
  }

  // A finished job's ŷ at the player's epoch where its records kept none, for the fit and the confusion matrix.
  private fetchMissingYhat(): void {
    const job = this.state.job;
    const index = this.player.epoch;
    const epoch = this.state.epochAt(index);
    const missing = () => this.state.yhatAt(index)?.epoch !== epoch;
    // Asked again when it is its turn: a request queued behind the one that fetched this epoch fetches nothing.
    if (job && missing() && this.state.data && !this.live) this.yhatLoad.request((signal) => (missing() ? this.load.predictions(job.id, epoch, signal) : Promise.resolve(null)));
  }

  setLogScale(on: boolean): void {
    this.loss.setLogScale(on);
  }

  private drawPath(): void {
    const index = this.player.epoch;
    this.landscape.setPath(this.path, index, this.state.epochAt(index));
    // A mini-batch job: every step between the epochs' points (the zig-zag of SGD), on two weights.
    const { a, b } = this.axes();
    if (b !== undefined && this.batchSeries.length > 0) this.landscape.setSteps(stepPath(this.state.records, index, a, b));
    if (this.map?.b && this.toggles.isOpen('surface')) this.surface.setPath(this.path, this.state.records.map((r) => r.loss), index);
    if (this.map) this.landscapeNote.show(this.map, this.path, index, this.manyWeights, (i) => this.state.records[i]?.epoch ?? i, (p) => this.landscape.covers(p));
  }

  /** The request names a domain for the map's axes (a lecture preset): the server draws it, whatever the path does. */
  private get hasDomain(): boolean {
    const job = this.state.job;
    const domain = job?.request.view?.domain;
    if (!job || !domain) return false;
    const { a, b } = this.axes();
    return job.paramNames[a] in domain && (b === undefined || job.paramNames[b] in domain);
  }

  /** The true weights on the map's axes, when the request's view knows them for both. */
  private truthPoint(map: Landscape): Point | null {
    const truth = this.state.job?.request.view?.truth;
    if (!truth || !map.b) return null;
    const a = truth[map.a.name];
    const b = truth[map.b.name];
    return a === undefined || b === undefined ? null : { x: a, y: b };
  }

  /** The 2-D map and the 3-D surface draw the same landscape: either one open fetches it. */
  private mapOpen(): boolean {
    return this.toggles.isOpen('landscape') || this.toggles.isOpen('surface');
  }

  private requestMap(): void {
    const job = this.state.job;
    if (!job || this.state.records.length === 0 || !this.mapOpen()) return;
    const { a, b } = this.axes();
    const epoch = this.manyWeights ? this.state.epochAt(this.player.epoch) : undefined;
    const bounds = this.bounds ?? {};
    this.landscapeLoad.request((signal) => this.load.landscape(job.id, { a, b, epoch, size: b === undefined ? 201 : 41, ...bounds }, signal));
  }

  /** Twice (or half) the current map's range about its centre: lecture 003 views its surfaces from far out. */
  private zoom(factor: number): void {
    if (!this.map) return;
    this.bounds = zoomedBounds(this.map, factor);
    this.requestMap();
  }

  private requestGridSearch(): void {
    const job = this.state.job;
    if (!job || !isFinished(job.status) || !this.toggles.isOpen('gridsearch') || this.gridSearchFor === job.id) return;
    this.gridSearchFor = job.id;
    this.gridLoad.request((signal) => this.load.gridSearch(job.id, signal));
  }

  private showGridSearch(g: GridSearch): void {
    const two = this.state.job!.paramNames.length === 2;
    this.el.gridSearch.innerHTML = gridSearchSummary(g, two);
    this.el.gridSearch.dataset.best = String(g.gridSearch.best.a);
    this.el.gridSearch.dataset.grid = String(g.gridSearch.evaluations);
    this.el.gridSearch.dataset.descent = String(g.gradientDescent.evaluations ?? '');
    const best = g.gridSearch.best;
    this.landscape.setGridSearch(Number.isFinite(best.a) ? { x: best.a, y: two ? best.b : toNumber(best.loss) } : null);
  }

  private axes(): { a: number; b: number | undefined } {
    const count = this.state.job?.paramNames.length ?? 0;
    if (count === 1) return { a: 0, b: undefined };
    return { a: Number(this.el.landscapeA.value || 0), b: Number(this.el.landscapeB.value || 1) };
  }

  private axesChanged(): void {
    const { a, b } = this.axes();
    if (a === b) return;
    this.path = this.state.records.map((r) => this.pathPoint(r));
    this.landscape.clear();
    this.mapHeldEpoch = -1;
    this.bounds = null;
    this.requestMap();
  }

  private pathPoint(r: EpochRecord): Point {
    const { a, b } = this.axes();
    return b === undefined ? { x: r.weights[a], y: r.loss } : { x: r.weights[a], y: r.weights[b] };
  }

}
