import './styles.css';
import { FrameScheduler } from './charts/setup';
import { FitChart } from './charts/fitChart';
import { LossChart } from './charts/lossChart';
import { WeightsChart } from './charts/weightsChart';
import { RunState } from './state/runState';
import { ApiError, getJobData, listJobs, startJob } from './transport/api';
import { TrainingConnection } from './transport/hub';
import { DatasetPicker } from './ui/datasetPicker';
import { fillJobForm, readJobForm, showFormError, syncFormFields } from './ui/jobForm';
import { renderRecentJobs } from './ui/recentJobs';
import { StatusBar } from './ui/statusBar';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const frames = new FrameScheduler();
const state = new RunState();
const connection = new TrainingConnection();
const fit = new FitChart(byId<HTMLCanvasElement>('fit-chart'), frames);
const loss = new LossChart(byId<HTMLCanvasElement>('loss-chart'), frames);
const weights = new WeightsChart(byId<HTMLCanvasElement>('weights-chart'), frames);
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

// Rendering follows the state; nothing else draws.
state.subscribe((change) => {
  switch (change.kind) {
    case 'reset':
      fit.clear();
      loss.reset(state.job?.epochsTotal ?? 1);
      weights.reset(state.job?.paramNames ?? [], state.job?.epochsTotal ?? 1);
      break;
    case 'data':
      if (state.data) fit.setData(state.data);
      fit.show(state.yhatAt(state.records.length - 1));
      break;
    case 'records': {
      const added = state.records.slice(change.from);
      loss.append(added);
      weights.append(added);
      fit.show(state.yhatAt(state.records.length - 1));
      break;
    }
    case 'status':
      break;
  }
  status.show(state.job, state.records.length);
});

async function openJob(id: string): Promise<void> {
  await connection.watch(id, {
    snapshot: (snapshot) => {
      state.reset(snapshot.job);
      fillJobForm(form, snapshot.job.request);
      void pickerReady.then(() => picker.choose(snapshot.job.request.dataset, form));
      state.append(snapshot.records);
      // A function model has no data (404): the fit chart stays empty.
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

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  formError.textContent = '';
  const button = byId<HTMLButtonElement>('start');
  button.disabled = true;
  try {
    const job = await startJob(readJobForm(form, (f) => picker.request(f)));
    history.pushState(null, '', `/?job=${encodeURIComponent(job.id)}`);
    await openJob(job.id);
    void refreshRecent();
  } catch (error) {
    if (error instanceof ApiError) showFormError(formError, error.message, error.fieldErrors);
    else showFormError(formError, String(error));
  } finally {
    button.disabled = false;
  }
});

byId<HTMLInputElement>('loss-log').addEventListener('change', (e) => loss.setLogScale((e.target as HTMLInputElement).checked));

window.addEventListener('popstate', () => {
  const id = new URLSearchParams(location.search).get('job');
  if (id) void openJob(id);
});

const initial = new URLSearchParams(location.search).get('job');
if (initial) {
  openJob(initial).catch((error) => showFormError(formError, `Could not open job ${initial}: ${String(error)}`));
}
void refreshRecent();
