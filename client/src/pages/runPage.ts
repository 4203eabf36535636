import type { FrameScheduler } from '../charts/setup';
import { inspectionApi } from '../loaders/inspection';
import type { EpochPlayer } from '../state/player';
import { RunState } from '../state/runState';
import { getJobData } from '../transport/api';
import type { TrainingConnection } from '../transport/hub';
import type { Job, ViewName } from '../types';
import { RunViews } from '../ui/runViews';
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
    this.status = new StatusBar(byId('status'), byId('status-label'), byId<HTMLProgressElement>('progress'), byId('progress-text'), byId('status-detail'), byId('status-health'), byId('notes-pairing'));
    byId<HTMLInputElement>('loss-log').addEventListener('change', (e) => this.views.setLogScale((e.target as HTMLInputElement).checked));
    this.state.subscribe((change) => {
      switch (change.kind) {
        case 'reset':
          player.reset();
          this.views.reset(this.state.job);
          break;
        case 'data':
          this.views.dataChanged();
          break;
        case 'records':
          this.views.recordsAdded(change.from);
          player.setLast(this.state.records.length - 1);
          break;
        case 'status':
          if (this.state.job) this.views.statusChanged(this.state.job);
          break;
      }
      this.renderStatus();
      events.changed();
    });
  }

  /** Whether every record of a finished job is here (a linked epoch can then be clamped to the last). */
  get complete(): boolean {
    const job = this.state.job;
    return job !== null && job.status !== 'queued' && job.status !== 'running' && this.state.records.length >= job.epochsDone + 1;
  }

  /** Switches on the views a lecture draws (and the health line). */
  showViews(views: readonly ViewName[]): void {
    this.toggles.select([...views, 'health']);
  }

  render(): void {
    this.views.render();
  }

  renderStatus(): void {
    this.status.show(this.state.job, this.state.records);
  }

  clear(): void {
    this.state.reset(null);
  }

  /** Watches a job: its snapshot, then every record and status change; a gap (after a reconnect) re-opens it. */
  async open(id: string): Promise<void> {
    await this.connection.unwatchAll();
    await this.connection.watch(id, {
      snapshot: (snapshot) => {
        this.state.reset(snapshot.job);
        this.events.opened(snapshot.job);
        this.state.append(snapshot.records);
        this.views.statusChanged(snapshot.job);
        // A function model has no data: the data views stay empty.
        if (snapshot.job.request.model?.type === 'function') return;
        getJobData(id)
          .then((data) => {
            if (this.state.job?.id === id) this.state.setData(data);
          })
          .catch(() => undefined);
      },
      epochs: (records) => {
        if (!this.state.append(records)) void this.open(id);
      },
      status: (job) => {
        this.state.setJob(job);
        if (job.status !== 'queued' && job.status !== 'running') this.events.finished(job);
      },
    });
  }
}
