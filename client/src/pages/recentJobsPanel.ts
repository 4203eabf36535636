import { listJobs } from '../transport/api';
import { renderRecentJobs } from '../ui/recentJobs';

type ById = <T extends HTMLElement>(id: string) => T;

/** The recent-jobs list and the jobs ticked in it for comparison. */
export class RecentJobsPanel {
  private readonly picked = new Set<string>();
  private readonly compareButton: HTMLButtonElement;
  private timer: ReturnType<typeof setTimeout> | null = null;

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
    try {
      renderRecentJobs(this.byId('recent-jobs'), await listJobs(), this.picked, () => (this.compareButton.disabled = this.picked.size < 2));
    } catch {
      // The list is a convenience; the page works without it.
    }
  }
}
