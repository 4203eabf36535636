import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { Job } from '../types';
import { settingsSummary } from './compareTable';

/**
 * The recent-jobs list: each entry links to /?job=id so a run can be reopened and shared, and has a tick box to
 * pick it for comparison (the compare page's set is picked here).
 */
export function renderRecentJobs(list: HTMLElement, jobs: readonly Job[], picked: Set<string>, changed: () => void): void {
  list.replaceChildren(
    ...jobs.map((job) => {
      const li = document.createElement('li');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = job.id;
      box.checked = picked.has(job.id);
      box.setAttribute('aria-label', `compare ${job.id}`);
      box.addEventListener('change', () => {
        if (box.checked) picked.add(job.id);
        else picked.delete(job.id);
        changed();
      });
      const a = document.createElement('a');
      a.href = `/?job=${encodeURIComponent(job.id)}`;
      a.dataset.jobId = job.id;
      a.textContent = `${settingsSummary(job.request)} — ${t(`status.${job.status}` as MessageKey)}`;
      li.append(box, a);
      return li;
    }),
  );
}
