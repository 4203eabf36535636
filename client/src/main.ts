import './styles.css';
import { FrameScheduler } from './charts/setup';
import { EpochPlayer } from './state/player';
import { RunState } from './state/runState';
import { ApiError, getJobData, listJobs, listPresets, startJob } from './transport/api';
import { TrainingConnection } from './transport/hub';
import type { Preset, TrainRequest } from './types';
import { DatasetPicker } from './ui/datasetPicker';
import { fillJobForm, readJobForm, showFormError, syncFormFields } from './ui/jobForm';
import { PlayerControls } from './ui/playerControls';
import { renderPresetGallery } from './ui/presetGallery';
import { renderRecentJobs } from './ui/recentJobs';
import { RunViews } from './ui/runViews';
import { StatusBar } from './ui/statusBar';
import { ViewToggles } from './ui/viewToggles';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// State, transport and rendering, wired once.
const frames = new FrameScheduler();
const state = new RunState();
const player = new EpochPlayer();
const connection = new TrainingConnection();
const toggles = new ViewToggles(byId('view-toggles'), byId('views'));
const views = new RunViews(
  {
    fit: byId('fit-chart'),
    boundary: byId('boundary-chart'),
    loss: byId('loss-chart'),
    weights: byId('weights-chart'),
    weightPicker: byId('weight-picker'),
    landscape: byId('landscape-chart'),
    landscapeA: byId('landscape-a'),
    landscapeB: byId('landscape-b'),
    landscapeNote: byId('landscape-note'),
    landscapeZoom: { out: byId('landscape-out'), in: byId('landscape-in'), fit: byId('landscape-fit') },
    gridSearch: byId('gridsearch'),
    step: byId('step-panel'),
    graph: byId('graph-panel'),
  },
  frames,
  state,
  player,
  toggles,
);
new PlayerControls(player, {
  root: byId('player'),
  play: byId('player-play'),
  back: byId('player-back'),
  forward: byId('player-forward'),
  live: byId('player-live'),
  slider: byId('player-slider'),
  speed: byId('player-speed'),
  label: byId('player-label'),
});
const status = new StatusBar(byId('status'), byId('status-label'), byId<HTMLProgressElement>('progress'), byId('progress-text'), byId('status-detail'));
const form = byId<HTMLFormElement>('job-form');
const formError = byId('form-error');
const picker = new DatasetPicker(byId<HTMLSelectElement>('dataset'), byId('dataset-description'), byId<HTMLCanvasElement>('dataset-preview'), byId('generator'), {
  name: byId<HTMLInputElement>('upload-name'),
  file: byId<HTMLInputElement>('upload-file'),
  button: byId<HTMLButtonElement>('upload-button'),
  message: byId('upload-message'),
});
const pickerReady = picker.load().catch((error) => showFormError(formError, `Could not list data sets: ${String(error)}`));
form.addEventListener('change', () => syncFormFields(form));
syncFormFields(form);

// The state drives the views; the player says which epoch they show.
state.subscribe((change) => {
  switch (change.kind) {
    case 'reset':
      player.reset();
      views.reset(state.job);
      break;
    case 'data':
      views.dataChanged();
      break;
    case 'records':
      views.recordsAdded(change.from);
      player.setLast(state.records.length - 1);
      break;
    case 'status':
      if (state.job) views.statusChanged(state.job);
      break;
  }
  status.show(state.job, state.records.length);
});
player.subscribe(() => views.render());

async function openJob(id: string): Promise<void> {
  await connection.watch(id, {
    snapshot: (snapshot) => {
      state.reset(snapshot.job);
      fillJobForm(form, snapshot.job.request);
      void pickerReady.then(() => picker.choose(snapshot.job.request.dataset, form));
      state.append(snapshot.records);
      views.statusChanged(snapshot.job);
      // A function model has no data: the data views stay empty.
      if (snapshot.job.request.model?.type === 'function') return;
      getJobData(id)
        .then((data) => {
          if (state.job?.id === id) state.setData(data);
        })
        .catch(() => undefined);
    },
    epochs: (records) => {
      if (!state.append(records)) void openJob(id); // a gap (after a reconnect): take a fresh snapshot
    },
    status: (job) => {
      state.setJob(job);
      if (job.status !== 'queued' && job.status !== 'running') void refreshRecent();
    },
  });
}

async function refreshRecent(): Promise<void> {
  try {
    renderRecentJobs(byId('recent-jobs'), await listJobs());
  } catch {
    // The list is a convenience; the page works without it.
  }
}

async function start(request: TrainRequest): Promise<void> {
  formError.textContent = '';
  const button = byId<HTMLButtonElement>('start');
  button.disabled = true;
  try {
    const job = await startJob(request);
    history.pushState(null, '', `/?job=${encodeURIComponent(job.id)}`);
    await openJob(job.id);
    void refreshRecent();
  } catch (error) {
    if (error instanceof ApiError) showFormError(formError, error.message, error.fieldErrors);
    else showFormError(formError, String(error));
  } finally {
    button.disabled = false;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void start(readJobForm(form, (f) => picker.request(f)));
});

// A preset fills the form (so its settings can be read and varied), opens its lecture's views and runs.
function runPreset(preset: Preset, request: TrainRequest): void {
  fillJobForm(form, request);
  void pickerReady.then(() => picker.choose(request.dataset, form));
  toggles.select([...preset.views, 'health']);
  void start(request);
}

listPresets()
  .then((presets) => renderPresetGallery(byId('presets'), presets, runPreset))
  .catch((error) => (byId('presets').textContent = `Could not load the lectures' presets: ${String(error)}`));

byId<HTMLInputElement>('loss-log').addEventListener('change', (e) => views.setLogScale((e.target as HTMLInputElement).checked));

window.addEventListener('popstate', () => {
  const id = new URLSearchParams(location.search).get('job');
  if (id) void openJob(id);
});

const initial = new URLSearchParams(location.search).get('job');
if (initial) {
  openJob(initial).catch((error) => showFormError(formError, `Could not open job ${initial}: ${String(error)}`));
}
void refreshRecent();
