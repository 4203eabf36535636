import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { Job } from '../types';
import { requestSummary } from './requestSummary';

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
      box.setAttribute('aria-label', t('recent.pickOne', { id: job.id }));
      box.addEventListener('change', () => {
        if (box.checked) picked.add(job.id);
        else picked.delete(job.id);
        changed();
      });
      const a = document.createElement('a');
      a.href = `/?job=${encodeURIComponent(job.id)}`;
      a.dataset.jobId = job.id;
      a.textContent = requestSummary(job.request);
      const status = document.createElement('span');
      status.className = 'job-status';
      status.dataset.status = job.status;
      status.textContent = t(`status.${job.status}` as MessageKey);
      li.dataset.jobId = job.id;
      li.append(box, a, status);
      return li;
    }),
  );
}
