import type { Job } from '../types';

/** The recent-jobs list; each entry links to /?job=id so a run can be reopened and shared. */
export function renderRecentJobs(list: HTMLElement, jobs: readonly Job[]): void {
  list.replaceChildren(
    ...jobs.map((job) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/?job=${encodeURIComponent(job.id)}`;
      a.dataset.jobId = job.id;
      const r = job.request;
      const data = r.model?.type === 'function' ? r.model.expression : (r.dataset?.name ?? r.dataset?.generate ?? (r.dataset?.id ? 'upload' : 'inline'));
      const loss = r.loss ? ` · ${r.loss}` : '';
      a.textContent = `${data} · ${r.model?.type ?? 'linear'}${loss} · ${r.optimizer?.type ?? 'sgd'} · α=${r.lr} · ${job.epochsTotal} ep — ${job.status}`;
      li.append(a);
      return li;
    }),
  );
}
