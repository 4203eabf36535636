import { listJobs } from '../transport/api';
import { isFinished } from '../types';
import { renderRecentJobs } from '../ui/recentJobs';

/** While a listed job is queued or running, the list is read again this often, so its status changes live. */
const LIVE_MS = 2000;

type ById = <T extends HTMLElement>(id: string) => T;

/** The recent-jobs list (its statuses kept live) and the jobs ticked in it for comparison. */
export class RecentJobsPanel {
  private readonly picked = new Set<string>();
  private readonly compareButton: HTMLButtonElement;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private reads = 0;

  constructor(
    private readonly byId: ById,
    compare: (ids: string[]) => void,
  ) {
    this.compareButton = byId<HTMLButtonElement>('compare-selected');
    this.compareButton.addEventListener('click', () => compare([...this.picked]));
  }

  /** Refreshes soon, once for a burst of changes (several compared runs finishing together). */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  async refresh(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const read = ++this.reads;
    try {
      const jobs = await listJobs();
      // A slower, older read (sent as the job started) must not draw over a newer one (sent as it finished).
      if (read !== this.reads) return;
      renderRecentJobs(this.byId('recent-jobs'), jobs, this.picked, () => (this.compareButton.disabled = this.picked.size < 2));
      if (jobs.some((j) => !isFinished(j.status))) this.timer = setTimeout(() => void this.refresh(), LIVE_MS);
    } catch {
      // The list is a convenience; the page works without it.
    }
  }
}
