import { datasetsKo, sourceKo } from '../i18n/content';
import { language, t } from '../i18n/i18n';
import { PreviewChart } from '../charts/previewChart';
import type { DatasetSource } from '../loaders/datasets';
import type { DatasetDetail, DatasetRequest, DatasetSummary } from '../types';

/** The value of the picker's "generate" entry; every other value is a data set id. */
export const GENERATE = '__generate';

/**
 * The data-set picker: built-in and uploaded sets from GET /datasets, a description and preview of the chosen
 * one, an upload box, and the generator's options.
 */
export class DatasetPicker {
  private sets: DatasetSummary[] = [];
  // Made when the first preview is shown (after the list has loaded), not in the page's first task: see RunViews.
  private previewChart?: PreviewChart;
  private readonly details = new Map<string, Promise<DatasetDetail>>();

  constructor(
    private readonly select: HTMLSelectElement,
    private readonly description: HTMLElement,
    private readonly previewCanvas: HTMLCanvasElement,
    private readonly generator: HTMLElement,
    private readonly upload: { name: HTMLInputElement; file: HTMLInputElement; button: HTMLButtonElement; message: HTMLElement },
    private readonly source: DatasetSource,
  ) {
    select.addEventListener('change', () => void this.showChoice());
    upload.button.addEventListener('click', () => void this.uploadChosenFile());
    upload.file.addEventListener('change', () => {
      const file = upload.file.files?.[0];
      if (file && !upload.name.value) upload.name.value = file.name.replace(/\.[^.]+$/, '');
    });
  }

  private get preview(): PreviewChart {
    return (this.previewChart ??= new PreviewChart(this.previewCanvas));
  }

  async load(select?: string): Promise<void> {
    this.sets = await this.source.list();
    await this.render(select ?? this.select.value);
  }

  /** The list and the chosen set's description again, in the page's (new) language. */
  translate(): Promise<void> {
    return this.render(this.select.value);
  }

  private async render(current: string): Promise<void> {
    const option = (s: DatasetSummary) => `<option value="${escape(s.id)}">${escape(s.name)} — ${t('data.rows', { rows: s.rows })}</option>`;
    const builtIn = this.sets.filter((s) => s.builtIn).map(option).join('');
    const uploaded = this.sets.filter((s) => !s.builtIn).map(option).join('');
    this.select.innerHTML =
      `<optgroup label="${t('data.builtIn')}">${builtIn}</optgroup>` +
      (uploaded ? `<optgroup label="${t('data.uploaded')}">${uploaded}</optgroup>` : '') +
      `<optgroup label="${t('data.synthetic')}"><option value="${GENERATE}">${t('data.generate')}</option></optgroup>`;
    this.select.value = current && [...this.select.options].some((o) => o.value === current) ? current : 'icecream';
    await this.showChoice();
  }

  /** The dataset part of a request for the current choice. */
  request(form: FormData): DatasetRequest {
    const value = this.select.value;
    if (value === GENERATE) {
      const num = (name: string) => (String(form.get(name) ?? '').trim() === '' ? undefined : Number(form.get(name)));
      return { generate: String(form.get('generate')), n: num('n'), noise: num('noise'), seed: num('seed') };
    }
    return this.sets.find((s) => s.id === value)?.builtIn === false ? { id: value } : { name: value };
  }

  /** Shows a job's data set in the picker (a shared link says what was run). */
  async choose(dataset: DatasetRequest | undefined, form: HTMLFormElement): Promise<void> {
    if (!dataset) return;
    if (dataset.generate) {
      this.select.value = GENERATE;
      for (const key of ['generate', 'n', 'noise', 'seed'] as const) {
        const field = form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement | null;
        if (field && dataset[key] !== undefined) field.value = String(dataset[key]);
      }
    } else if (dataset.name || dataset.id) {
      this.select.value = (dataset.name ?? dataset.id)!;
    }
    await this.showChoice();
  }

  private async showChoice(): Promise<void> {
    const value = this.select.value;
    this.generator.hidden = value !== GENERATE;
    if (value === GENERATE) {
      this.description.textContent = t('data.generated');
      this.preview.show(null);
      return;
    }
    const set = this.sets.find((s) => s.id === value);
    if (!set) return;
    const korean = language() === 'ko' && set.builtIn;
    const description = (korean ? datasetsKo[set.id] : undefined) ?? set.description;
    this.description.textContent = `${description} ${t('data.columns', { columns: set.columns.join(', '), source: korean ? sourceKo(set.source) : set.source })}`;
    if (!this.details.has(value)) this.details.set(value, this.source.get(value));
    try {
      const detail = await this.details.get(value)!;
      if (this.select.value === value) this.preview.show(detail);
    } catch {
      this.details.delete(value);
    }
  }

  private async uploadChosenFile(): Promise<void> {
    const file = this.upload.file.files?.[0];
    const message = this.upload.message;
    if (!file) {
      message.textContent = t('data.chooseFile');
      return;
    }
    this.upload.button.disabled = true;
    message.textContent = t('data.uploading');
    try {
      const detail = await this.source.upload(this.upload.name.value.trim() || file.name, file);
      message.textContent = t('data.stored', { name: detail.dataset.name, rows: detail.dataset.rows, columns: detail.dataset.columns.join(', ') });
      this.details.set(detail.dataset.id, this.source.get(detail.dataset.id));
      await this.load(detail.dataset.id);
    } catch (error) {
      message.textContent = error instanceof Error ? error.message : String(error);
    } finally {
      this.upload.button.disabled = false;
    }
  }
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
