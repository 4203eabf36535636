import './styles.css';
import { Chart, FrameScheduler } from './charts/setup';
import { initialLanguage, language, onLanguageChange, setLanguage, storedLanguage, t, type Lang } from './i18n/i18n';
import { EpochPlayer } from './state/player';
import { RunState } from './state/runState';
import { ApiError, getJobData, listJobs, listPresets, startJob, startSweep } from './transport/api';
import { TrainingConnection } from './transport/hub';
import { isFinished, type Preset, type TrainRequest } from './types';
import { ComparePage } from './ui/comparePage';
import { DatasetPicker } from './ui/datasetPicker';
import { fillJobForm, readJobForm, showFormError, syncFormFields } from './ui/jobForm';
import { PlayerControls } from './ui/playerControls';
import { renderPresetGallery } from './ui/presetGallery';
import { renderRecentJobs } from './ui/recentJobs';
import { RunViews } from './ui/runViews';
import { addSaveButton } from './ui/savePng';
import { StatusBar } from './ui/statusBar';
import { parseSweepValues } from './ui/sweepForm';
import { EpochUrl, pageUrl, readPageState, type PageState } from './ui/urlState';
import { ViewToggles } from './ui/viewToggles';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// The language first, so everything below renders in it.
setLanguage(initialLanguage(location.search, storedLanguage(), navigator.languages ?? [navigator.language]), false);
const languagePicker = byId<HTMLSelectElement>('lang');
languagePicker.value = language();
languagePicker.addEventListener('change', () => setLanguage(languagePicker.value as Lang));

// State, transport and rendering, wired once.
const frames = new FrameScheduler();
const state = new RunState();
const player = new EpochPlayer();
const connection = new TrainingConnection();
// Every page state is a URL: ?job=, ?sweep=, ?compare=a,b,c, with &epoch= once the player is moved.
const epochUrl = new EpochUrl(
  player,
  () => readPageState(location.search),
  () => (compare.active ? compare.state.complete : state.job !== null && isFinished(state.job.status) && state.records.length >= state.job.epochsDone + 1),
);
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

const compare = new ComparePage(
  {
    title: byId('compare-title'),
    exports: byId('compare-exports'),
    loss: byId('compare-loss'),
    logScale: byId('compare-log'),
    landscapes: byId('compare-landscapes'),
    fits: byId('compare-fits'),
    table: byId('compare-table'),
    target: byId('compare-target'),
    message: byId('compare-message'),
  },
  frames,
  player,
  connection,
  (set) => navigate({ compare: set }),
);

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
  epochUrl.tryRestore();
});
// A compared run that finishes changes its line in the job list.
compare.state.subscribe((change) => {
  if (change.kind === 'status' && isFinished(compare.state.runs[change.index].job.status)) scheduleRecent();
});
let recentTimer: ReturnType<typeof setTimeout> | null = null;
function scheduleRecent(): void {
  if (recentTimer) clearTimeout(recentTimer);
  recentTimer = setTimeout(() => void refreshRecent(), 300);
}
player.subscribe(() => {
  if (!compare.active) views.render();
  epochUrl.playerMoved();
});

async function openJob(id: string): Promise<void> {
  await connection.unwatchAll();
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

/** Shows what the URL says: a comparison, a job, or the empty run page. */
async function route(): Promise<void> {
  const page = readPageState(location.search);
  epochUrl.expect(page.epoch);
  document.body.classList.toggle('comparing', page.compare !== null);
  try {
    if (page.compare) {
      state.reset(null);
      await compare.open(page.compare);
    } else {
      await compare.close();
      if (page.job) await openJob(page.job);
      else state.reset(null);
    }
  } catch (error) {
    showFormError(formError, `Could not open ${location.search}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function navigate(page: Partial<PageState>): void {
  history.pushState(null, '', pageUrl({ job: null, compare: null, epoch: null, ...page }));
  void route();
}

const picked = new Set<string>();
const compareSelected = byId<HTMLButtonElement>('compare-selected');
compareSelected.addEventListener('click', () => navigate({ compare: { kind: 'jobs', ids: [...picked] } }));

async function refreshRecent(): Promise<void> {
  try {
    renderRecentJobs(byId('recent-jobs'), await listJobs(), picked, () => (compareSelected.disabled = picked.size < 2));
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
    navigate({ job: job.id });
    void refreshRecent();
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

function showError(error: unknown): void {
  if (error instanceof ApiError) showFormError(formError, error.message, error.fieldErrors);
  else showFormError(formError, String(error));
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void start(readJobForm(form, (f) => picker.request(f)));
});

// A sweep: the form's job as the base, one setting varied; its compare page opens.
byId('sweep-start').addEventListener('click', () => {
  formError.textContent = '';
  const key = byId<HTMLSelectElement>('sweep-key').value;
  const values = parseSweepValues(key, byId<HTMLInputElement>('sweep-values').value);
  startSweep(readJobForm(form, (f) => picker.request(f)), { [key]: values })
    .then((sweep) => {
      navigate({ compare: { kind: 'sweep', id: sweep.id } });
      void refreshRecent();
    })
    .catch(showError);
});

// A preset fills the form (so its settings can be read and varied), opens its lecture's views and runs.
function runPreset(preset: Preset, request: TrainRequest): void {
  fillJobForm(form, request);
  void pickerReady.then(() => picker.choose(request.dataset, form));
  toggles.select([...preset.views, 'health']);
  void start(request);
}

// Every run of a preset (lecture 000's four learning rates), side by side.
async function compareAllOf(preset: Preset): Promise<void> {
  formError.textContent = '';
  try {
    const ids: string[] = [];
    for (const run of preset.runs) ids.push((await startJob(run.request)).id);
    navigate({ compare: { kind: 'jobs', ids } });
    void refreshRecent();
  } catch (error) {
    showError(error);
  }
}

let presets: Preset[] = [];
const renderPresets = () => renderPresetGallery(byId('presets'), presets, runPreset, (p) => void compareAllOf(p));
listPresets()
  .then((list) => {
    presets = list;
    renderPresets();
  })
  .catch((error) => (byId('presets').textContent = `Could not load the lectures' presets: ${String(error)}`));

byId<HTMLInputElement>('loss-log').addEventListener('change', (e) => views.setLogScale((e.target as HTMLInputElement).checked));

// Every chart can be saved as a PNG, named after what it shows.
function chartName(canvasId: string): string {
  const page = readPageState(location.search);
  const what = page.job ? `job-${page.job}` : page.compare?.kind === 'sweep' ? `sweep-${page.compare.id}` : 'compare';
  return `gradientweb-${what}-${canvasId.replace(/-chart$/, '')}-epoch${player.epoch}`;
}
for (const canvas of document.querySelectorAll<HTMLCanvasElement>('figure canvas')) {
  addSaveButton(canvas.closest('figure')!.querySelector('figcaption')!, canvas, () => chartName(canvas.id));
}
new MutationObserver((mutations) => {
  for (const m of mutations) {
    for (const node of m.addedNodes) {
      if (!(node instanceof HTMLElement) || node.tagName !== 'FIGURE') continue;
      const canvas = node.querySelector('canvas');
      const caption = node.querySelector('figcaption');
      const index = [...node.parentElement!.children].indexOf(node);
      if (canvas && caption) addSaveButton(caption, canvas, () => chartName(`${node.parentElement!.id}-${index + 1}`));
    }
  }
}).observe(byId('compare'), { childList: true, subtree: true });

// Text drawn by code follows a language switch too.
function translateCharts(): void {
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>('#loss-chart, #compare-loss')) {
    const chart = Chart.getChart(canvas);
    if (!chart) continue;
    const scales = chart.options.scales as Record<string, { title?: { text?: string } }>;
    scales.x.title!.text = t('axis.epoch');
    scales.y.title!.text = t('axis.loss');
    chart.update('none');
  }
}
translateCharts();
onLanguageChange(() => {
  status.show(state.job, state.records.length);
  renderPresets();
  void refreshRecent();
  if (compare.active) void route();
  player.setSpeed(player.speed); // redraws the player's label
  translateCharts();
});

window.addEventListener('popstate', () => void route());
void route();
void refreshRecent();
