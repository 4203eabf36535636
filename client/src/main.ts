// The composition root: the language, the shared clock, player and hub connection, the pages, and the router.
import './styles.css';
import { FrameScheduler } from './charts/setup';
import { initialLanguage, language, onLanguageChange, setLanguage, storedLanguage, t, type Lang } from './i18n/i18n';
import { ComparePage, compareElements } from './pages/comparePage';
import { RecentJobsPanel } from './pages/recentJobsPanel';
import { RunPage } from './pages/runPage';
import { StartPanel } from './pages/startPanel';
import { EpochPlayer } from './state/player';
import { TrainingConnection } from './transport/hub';
import { isFinished } from './types';
import { PlayerControls } from './ui/playerControls';
import { PresentMode } from './ui/presentMode';
import { addSaveButtons } from './ui/savePng';
import { EpochUrl, pageUrl, readPageState, type PageState } from './ui/urlState';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// The language first, so everything below renders in it.
setLanguage(initialLanguage(location.search, storedLanguage(), navigator.languages ?? [navigator.language]), false);
const languagePicker = byId<HTMLSelectElement>('lang');
languagePicker.value = language();
languagePicker.addEventListener('change', () => setLanguage(languagePicker.value as Lang));

const frames = new FrameScheduler();
const player = new EpochPlayer();
const connection = new TrainingConnection();

const recent = new RecentJobsPanel(byId, (ids) => navigate({ compare: { kind: 'jobs', ids } }));
const start = new StartPanel(byId, {
  starting: () => run.focusPlayer(), // Space now plays; it never presses the Run button again
  started: (job, views) => {
    if (views) run.showViews(views);
    navigate({ job: job.id });
    void recent.refresh();
  },
  compare: (set) => {
    navigate({ compare: set });
    void recent.refresh();
  },
});
const run = new RunPage(byId, frames, player, connection, {
  opened: (job) => start.show(job.request),
  finished: () => void recent.refresh(),
  changed: () => epochUrl.tryRestore(),
});
const compare = new ComparePage(compareElements(byId), frames, player, connection, (set) => navigate({ compare: set }));
new PlayerControls(player, {
  root: byId('player'),
  play: byId('player-play'),
  back: byId('player-back'),
  forward: byId('player-forward'),
  live: byId('player-live'),
  slider: byId('player-slider'),
  speed: byId('player-speed'),
  label: byId('player-label'),
}, {
  // A long job's server keeps every k-th record: the player steps over records and names their epochs.
  at: (index) => (compare.active ? compare.state.epochAt(index) : run.state.epochAt(index)),
  every: () => (compare.active ? compare.state.every : run.state.every),
});
// A compared run that finishes changes its line in the job list.
compare.state.subscribe((change) => {
  if (change.kind === 'status' && isFinished(compare.state.runs[change.index].job.status)) recent.schedule();
});

// Every page state is a URL: ?job=, ?sweep=, ?compare=a,b,c, with &epoch= once the player is moved.
const epochUrl = new EpochUrl(player, () => readPageState(location.search), () => (compare.active ? compare.state.complete : run.complete), {
  at: (index) => (compare.active ? compare.state.epochAt(index) : run.state.epochAt(index)),
  indexOf: (epoch) => (compare.active ? compare.state.indexOfEpoch(epoch) : run.state.indexOfEpoch(epoch)),
});
player.subscribe(() => {
  if (!compare.active) run.render();
  epochUrl.playerMoved();
});

// Present mode lives in the URL too (&present=1), so a projector's link opens presenting.
const present = new PresentMode(byId('present'), (on) => {
  history.replaceState(null, '', pageUrl({ ...readPageState(location.search), present: on }));
  run.bringIntoView();
});

/** Shows what the URL says: a comparison, a job, or the empty run page; an opened run comes on screen. */
async function route(): Promise<void> {
  const page = readPageState(location.search);
  epochUrl.expect(page.epoch);
  document.body.classList.toggle('comparing', page.compare !== null);
  document.body.classList.toggle('has-run', page.job !== null && page.compare === null);
  if (page.present !== present.active) present.set(page.present);
  try {
    if (page.compare) {
      run.clear();
      await compare.open(page.compare);
    } else {
      await compare.close();
      if (page.job) {
        start.collapseGallery();
        await run.open(page.job, true);
      } else run.clear();
    }
  } catch (error) {
    start.showError(t('error.open', { what: location.search }) + (error instanceof Error && !/System\./.test(error.message) ? ` (${error.message})` : ''));
  }
}

function navigate(page: Partial<PageState>): void {
  history.pushState(null, '', pageUrl({ job: null, compare: null, epoch: null, present: present.active, ...page }));
  void route();
}

// Every chart can be saved as a PNG, named after what it shows.
addSaveButtons(document, byId('compare'), (chart) => {
  const page = readPageState(location.search);
  const what = page.job ? `job-${page.job}` : page.compare?.kind === 'sweep' ? `sweep-${page.compare.id}` : 'compare';
  return `gradientweb-${what}-${chart}-epoch${player.epoch}`;
});

// Text drawn by code follows a language switch too (charts retitle themselves).
onLanguageChange(() => {
  run.renderStatus();
  start.translate();
  void recent.refresh();
  if (compare.active) void route();
  player.setSpeed(player.speed); // redraws the player's label
  present.translate();
});

window.addEventListener('popstate', () => void route());
void route();
void recent.refresh();
