import { palette } from '../charts/setup';
import { type CompareRun, epochsToTarget } from '../state/compareState';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { TrainRequest } from '../types';
import { formatNumber } from '../format/numbers';

/** What a run is, in one line: data · model · loss · optimizer · α · epochs. */
export function settingsSummary(r: TrainRequest): string {
  const data = r.model?.type === 'function' ? r.model.expression : (r.dataset?.name ?? r.dataset?.generate ?? (r.dataset?.id ? 'upload' : 'inline'));
  const o = r.optimizer ?? { type: 'sgd' };
  const momentum = typeof o.momentum === 'number' && o.momentum > 0 ? ` (momentum ${o.momentum})` : '';
  const parts = [data, r.model?.type ?? 'linear', r.model?.type === 'function' ? null : r.loss, `${o.type}${momentum}`, `α = ${formatNumber(r.lr, 6)}`, t('compare.epochCount', { epochs: r.epochs })];
  return parts.filter((p) => p).join(' · ');
}

/**
 * The runs table: settings, status, final loss, epochs to reach the target loss of the run's loss kind (BCE and MSE
 * runs are each measured against their own), where it diverged, and its files.
 */
export function renderCompareTable(table: HTMLTableElement, runs: readonly CompareRun[], targetOf: (run: CompareRun) => number | null, remove: ((index: number) => void) | null): void {
  const head = document.createElement('thead');
  const headings: MessageKey[] = ['th.run', 'th.settings', 'th.status', 'th.final', 'th.toTarget', 'th.diverged', 'th.files'];
  const row = document.createElement('tr');
  for (const key of headings) {
    const th = document.createElement('th');
    th.textContent = t(key);
    row.append(th);
  }
  head.append(row);
  const body = document.createElement('tbody');
  runs.forEach((run, i) => {
    const tr = document.createElement('tr');
    tr.dataset.jobId = run.job.id;
    const last = run.records.at(-1);
    const target = targetOf(run);
    const reached = target === null ? null : epochsToTarget(run.records, target);
    const cells = [
      '',
      settingsSummary(run.job.request),
      t(`status.${run.job.status}` as MessageKey),
      last ? formatLoss(last.loss) : '—',
      target === null ? '—' : `${reached === null ? t('table.notReached') : String(reached)} (${t('compare.targetPerKind', { loss: formatNumber(target, 3) })})`,
      run.job.divergedAt === null ? '—' : String(run.job.divergedAt),
      '',
    ];
    cells.forEach((text) => {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    });
    const name = tr.cells[0];
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = palette[i % palette.length];
    const open = document.createElement('a');
    open.href = `/?job=${encodeURIComponent(run.job.id)}`;
    open.textContent = run.label;
    name.append(swatch, open);
    if (remove) {
      const x = document.createElement('button');
      x.type = 'button';
      x.className = 'remove';
      x.title = t('table.remove');
      x.textContent = '×';
      x.addEventListener('click', () => remove(i));
      name.append(x);
    }
    tr.cells[2].dataset.status = run.job.status;
    tr.cells[3].className = tr.cells[4].className = tr.cells[5].className = 'num';
    const files = tr.cells[6];
    for (const [text, href] of [
      ['CSV', `/jobs/${run.job.id}/history.csv`],
      ['JSON', `/jobs/${run.job.id}/history.json`],
      ['script.py', `/jobs/${run.job.id}/script.py`],
    ]) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = text;
      a.setAttribute('download', '');
      files.append(a, ' ');
    }
    body.append(tr);
  });
  table.replaceChildren(head, body);
}

/** A final loss of 13768400000000 reads as 1.377 × 10¹³. */
const formatLoss = (v: number): string => formatNumber(v, 6);
