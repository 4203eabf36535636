import type { EpochPlayer } from '../state/player';
/** What the compare page shows: jobs picked from the list, or a sweep's members. */
export type CompareSet = { kind: 'jobs'; ids: string[] } | { kind: 'sweep'; id: string };

/** What a URL opens: a job, or a comparison (a sweep's runs or picked jobs), at a player epoch. */
export interface PageState {
  job: string | null;
  compare: CompareSet | null;
  epoch: number | null;
  /** Present mode: the views fill the screen for a projector. */
  present: boolean;
}

export function readPageState(search: string): PageState {
  const q = new URLSearchParams(search);
  const sweep = q.get('sweep');
  const ids = (q.get('compare') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s);
  const epoch = Number(q.get('epoch'));
  return {
    job: q.get('job'),
    compare: sweep ? { kind: 'sweep', id: sweep } : ids.length > 0 ? { kind: 'jobs', ids } : null,
    epoch: q.has('epoch') && Number.isInteger(epoch) && epoch >= 0 ? epoch : null,
    present: q.get('present') === '1',
  };
}

/** The URL of a page state; a ?lang= in `search` is kept (a shared link keeps its language). */
export function pageUrl(state: PageState, search = typeof location === 'undefined' ? '' : location.search): string {
  const q = new URLSearchParams();
  if (state.compare?.kind === 'sweep') q.set('sweep', state.compare.id);
  else if (state.compare) q.set('compare', state.compare.ids.join(','));
  else if (state.job) q.set('job', state.job);
  if (state.epoch !== null) q.set('epoch', String(state.epoch));
  if (state.present) q.set('present', '1');
  const lang = new URLSearchParams(search).get('lang');
  if (lang) q.set('lang', lang);
  const text = q.toString().replace(/%2C/g, ',');
  return text ? `/?${text}` : '/';
}

/** Between the player's record index and the epoch of that record. */
export interface RecordEpochs {
  at(index: number): number;
  indexOf(epoch: number): number;
}

const sameAsIndex: RecordEpochs = { at: (i) => i, indexOf: (e) => e };

/**
 * Keeps &epoch= in the URL while the user holds the player (not while it follows a live run), and brings the
 * player to a linked epoch once the records have arrived.
 */
export class EpochUrl {
  private pending: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly player: EpochPlayer,
    private readonly current: () => PageState,
    private readonly finished: () => boolean,
    /** The player moves over stored records; the URL names epochs (a thinned job's record k is not epoch k). */
    private readonly epochs: RecordEpochs = sameAsIndex,
  ) {}

  /** A page was opened: go to `epoch` when it is there. */
  expect(epoch: number | null): void {
    this.pending = epoch;
  }

  /** Seeks to the linked epoch once the records reach it (or the run has ended short of it). */
  tryRestore(): void {
    const want = this.pending;
    if (want === null) return;
    if (this.epochs.at(this.player.last) < want && !this.finished()) return;
    this.pending = null;
    this.player.seek(Math.min(this.epochs.indexOf(want), this.player.last));
  }

  playerMoved(): void {
    if (this.pending !== null) {
      this.tryRestore();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    // Replaced, not pushed, and at most a few times a second: the back button goes to the previous page, not epoch.
    this.timer = setTimeout(() => {
      const page = this.current();
      const epoch = this.player.following ? null : this.epochs.at(this.player.epoch);
      if (page.epoch === epoch) return;
      history.replaceState(null, '', pageUrl({ ...page, epoch }));
    }, 250);
  }
}
