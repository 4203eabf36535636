import { language, t } from '../i18n/i18n';
import { confusion, splitRows, type Confusion } from '../state/miniBatches';
import type { EpochRecord, JobData } from '../types';

/** A classification job's confusion matrix at the player's epoch (threshold 0.5), for training and held-out rows. */
export class ConfusionPanel {
  /** What the tables show now: the views redraw every frame the player moves, and rebuilding them costs a layout. */
  private shown: { record: EpochRecord | null; data: JobData | null; lang: string } | null = null;

  constructor(private readonly root: HTMLElement) {}

  clear(): void {
    this.shown = null;
    this.root.replaceChildren();
  }

  show(record: EpochRecord | null, data: JobData | null): void {
    const shown = this.shown;
    if (shown && shown.record === record && shown.data === data && shown.lang === language()) return;
    this.shown = { record, data, lang: language() };
    if (!record?.yhat || !data) {
      this.root.textContent = t('confusion.waiting');
      return;
    }
    const { train, validation } = splitRows(data.y.length, data.validationRows);
    const tables = [this.table(t('confusion.train'), confusion(record.yhat, data.y, train))];
    if (validation.length > 0) tables.push(this.table(t('confusion.validation'), confusion(record.yhat, data.y, validation)));
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent = t('confusion.note', { epoch: record.epoch });
    this.root.replaceChildren(...tables, note);
    this.root.dataset.epoch = String(record.epoch);
  }

  private table(caption: string, c: Confusion): HTMLTableElement {
    const table = document.createElement('table');
    table.className = 'confusion';
    const total = c.tn + c.fp + c.fn + c.tp;
    const accuracy = total > 0 ? ((c.tn + c.tp) / total).toFixed(3) : '–';
    table.innerHTML =
      `<caption>${caption} · ${t('metric.accuracy')} ${accuracy}</caption>` +
      `<tr><th></th><th>${t('confusion.predicted')} 0</th><th>${t('confusion.predicted')} 1</th></tr>` +
      `<tr><th>${t('confusion.actual')} 0</th><td data-cell="tn">${c.tn}</td><td data-cell="fp">${c.fp}</td></tr>` +
      `<tr><th>${t('confusion.actual')} 1</th><td data-cell="fn">${c.fn}</td><td data-cell="tp">${c.tp}</td></tr>`;
    return table;
  }
}
