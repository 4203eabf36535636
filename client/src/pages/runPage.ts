import type { FrameScheduler } from '../charts/setup';
import { inspectionApi } from '../loaders/inspection';
import type { EpochPlayer } from '../state/player';
import { RateMeter } from '../state/rateMeter';
import { RunState } from '../state/runState';
import { cancelJob, getEngineCheck, getEngines, getJobData } from '../transport/api';
import { EngineCheckPanel } from '../ui/engineCheck';
import type { TrainingConnection } from '../transport/hub';
import type { Job, ViewName, WireRecord } from '../types';
import { fitRunGrid, scrollToRun } from '../ui/runLayout';
import { RunViews } from '../ui/runViews';
import { inSlices } from '../transport/inSlices';
import { StatusBar } from '../ui/statusBar';
import { ViewToggles } from '../ui/viewToggles';

type ById = <T extends HTMLElement>(id: string) => T;

/**
 * The run page: one job, watched live. The hub's snapshot and messages go into RunState; the state drives the
 * views and the status bar; the shared epoch player says which epoch the views show.
 */
export class RunPage {
  readonly state = new RunState();
  private readonly toggles: ViewToggles;
  private readonly views: RunViews;
  private readonly status: StatusBar;
  private readonly meter = new RateMeter();
  private readonly check: EngineCheckPanel;
  private readonly statusEl: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly playerEl: HTMLElement;
  /** Bring the run on screen once its snapshot is in (a Run click or an opened link, not a re-watch). */
  private presentNext = false;
  /** Counts opened snapshots: one still going in when another job is opened stops. */
  private opening = 0;

  constructor(
    byId: ById,
    frames: FrameScheduler,
    player: EpochPlayer,
    private readonly connection: TrainingConnection,
    private readonly events: { opened(job: Job): void; finished(job: Job): void; changed(): void },
  ) {
    this.toggles = new ViewToggles(byId('view-toggles'), byId('views'));
    this.views = new RunViews(
      {
        fit: byId('fit-chart'),
        boundary: byId('boundary-chart'),
        loss: byId('loss-chart'),
        weights: byId('weights-chart'),
        landscape: byId('landscape-chart'),
        landscapeA: byId('landscape-a'),
        landscapeB: byId('landscape-b'),
        landscapeNote: byId('landscape-note'),
        landscapePointer: byId('landscape-pointer'),
        surface: byId('surface-3d'),
        surfaceNote: byId('surface-note'),
        surfaceShow: byId('surface-show'),
        landscapeZoom: { out: byId('landscape-out'), in: byId('landscape-in'), fit: byId('landscape-fit') },
        gridSearch: byId('gridsearch'),
        step: byId('step-panel'),
        graph: byId('graph-panel'),
        confusion: byId('confusion-panel'),
      },
      frames,
      this.state,
      player,
      this.toggles,
      inspectionApi,
    );
    this.status = new StatusBar({
      root: byId('status'),
      label: byId('status-label'),
      progress: byId<HTMLProgressElement>('progress'),
      progressText: byId('progress-text'),
      rate: byId('status-rate'),
      cancel: byId<HTMLButtonElement>('cancel'),
      detail: byId('status-detail'),
      health: byId('status-health'),
      notes: byId('notes-pairing'),
    });
    this.check = new EngineCheckPanel({ button: byId<HTMLButtonElement>('engine-check'), result: byId('engine-check-result') }, { engines: getEngines, check: getEngineCheck });
    this.statusEl = byId('status');
    this.grid = byId('run-grid');
    this.playerEl = byId('player');
    byId('cancel').addEventListener('click', () => void this.cancel());
    this.toggles.onChange(() => this.layout());
    addEventListener('resize', () => this.layout());
    // A view that shows or hides itself (the 3-D surface once its library has loaded) takes its share again.
    new MutationObserver(() => this.layout()).observe(this.grid, { subtree: true, attributeFilter: ['hidden'] });
    byId<HTMLInputElement>('loss-log').addEventListener('change', (e) => this.views.setLogScale((e.target as HTMLInputElement).checked));
    this.state.subscribe((change) => {
      switch (change.kind) {
        case 'reset':
          player.reset();
          this.meter.reset();
          // The status first: its height decides the rows the charts get (written later, it resized them all).
          this.renderStatus();
          this.views.reset(this.state.job, () => this.layout());
          break;
        case 'data':
          this.views.dataChanged();
          break;
        case 'records':
          this.views.recordsAdded(change.from);
          player.setLast(this.state.records.length - 1);
          this.meter.add(this.state.lastEpoch, performance.now());
          break;
        case 'status':
          if (this.state.job) this.views.statusChanged(this.state.job);
          this.renderStatus();
          this.layout(); // the ended run's summary may take another line
          break;
      }
      this.scheduleStatus();
      events.changed();
    });
  }

  /** Whether every record of a finished job is here (a linked epoch can then be clamped to the last). */
  get complete(): boolean {
    const job = this.state.job;
    return job !== null && job.status !== 'queued' && job.status !== 'running' && this.state.lastEpoch >= job.epochsDone;
  }

  /** Switches on the views a lecture draws (and the health line). */
  showViews(views: readonly ViewName[]): void {
    this.toggles.select([...views, 'health']);
  }

  render(): void {
    this.views.render();
  }

  renderStatus(): void {
    const job = this.state.job;
    const rate = this.meter.rate;
    const left = job ? this.meter.secondsLeft(job.epochsTotal) : null;
    this.status.show(job, this.state.records, rate !== null && left !== null ? { rate, left } : null);
    this.check.show(job);
  }

  private statusScheduled = false;

  /** The status bar once per frame: a stream brings 20 messages a second, each of which would rewrite it. */
  private scheduleStatus(): void {
    if (this.statusScheduled) return;
    this.statusScheduled = true;
    requestAnimationFrame(() => {
      this.statusScheduled = false;
      this.renderStatus();
    });
  }

  /** The open views share the screen below the status and the player. */
  layout(): void {
    fitRunGrid(this.grid, this.statusEl);
  }

  /** Puts the run on screen (the status line at the top) and the keys on the player: Space plays, arrows step. */
  bringIntoView(): void {
    this.layout();
    scrollToRun(this.statusEl);
    this.focusPlayer();
  }

  focusPlayer(): void {
    this.playerEl.focus({ preventScroll: true });
  }

  private async cancel(): Promise<void> {
    const job = this.state.job;
    if (!job) return;
    try {
      await cancelJob(job.id);
    } catch {
      // It ended meanwhile (409): the hub's status says how.
    }
  }

  clear(): void {
    this.opening++;
    this.state.reset(null);
  }

  /** Watches a job: its snapshot, then every record and status change; a gap (after a reconnect) re-opens it. */
  async open(id: string, bringIntoView = false): Promise<void> {
    this.presentNext = bringIntoView;
    await this.connection.unwatchAll();
    let opening = this.opening;
    // A long job's records over a few frames, page by page: the page draws the first page's records while the
    // rest are still coming, and keeps drawing while they go in.
    const take = (records: WireRecord[]) => inSlices(records, (slice) => this.state.append(slice), () => this.opening === opening);
    await this.connection.watch(id, {
      snapshot: async (job, records) => {
        opening = ++this.opening;
        this.views.snapshotLoading(true);
        this.state.reset(job);
        this.events.opened(job);
        // A function model has no data: the data views stay empty.
        if (job.request.model?.type !== 'function') {
          getJobData(id)
            .then((data) => {
              if (this.state.job?.id === id) this.state.setData(data);
            })
            .catch(() => undefined);
        }
        await take(records);
      },
      more: async (records) => {
        await take(records);
      },
      complete: (job) => {
        if (this.opening !== opening) return;
        this.views.snapshotLoading(false);
        this.views.statusChanged(job);
        // A short job can end before its watch begins: no status message comes, so the snapshot says it ended.
        if (job.status !== 'queued' && job.status !== 'running') this.events.finished(job);
        if (this.presentNext) {
          this.presentNext = false;
          // After the first frame, when the views' sizes are known.
          requestAnimationFrame(() => this.bringIntoView());
        }
      },
      epochs: (records) => {
        if (!this.state.append(records)) void this.open(id);
      },
      status: (job) => {
        // On several nodes an end can come twice (its own node's, and another node's word for a node that went
        // silent): once every record is here, a second word of the same end changes nothing.
        const had = this.state.job;
        if (had?.status === job.status && job.status !== 'queued' && job.status !== 'running' && this.complete) return;
        this.state.setJob(job);
        if (job.status !== 'queued' && job.status !== 'running') {
          this.events.finished(job);
          // The final status follows the job's last records; should any not have come (the load test once saw a
          // watcher stop 2 577 records short), the snapshot of the finished job has them all.
          if (!this.complete) void this.open(id);
        }
      },
    });
  }
}
