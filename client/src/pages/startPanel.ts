import { datasetsApi } from '../loaders/datasets';
import { ApiError, listPresets, startJob, startSweep } from '../transport/api';
import type { Job, Preset, TrainRequest, ViewName } from '../types';
import { DatasetPicker } from '../ui/datasetPicker';
import { language, t } from '../i18n/i18n';
import { clearFieldErrors, serverFieldErrors, showFieldErrors, type FieldErrors } from '../ui/formErrors';
import { fillJobForm, readJobForm, syncFormFields, type FormReading } from '../ui/jobForm';
import { renderPresetGallery } from '../ui/presetGallery';
import { parseSweepValues } from '../ui/sweepForm';
import type { CompareSet } from '../ui/urlState';

type ById = <T extends HTMLElement>(id: string) => T;

export interface StartEvents {
  /** A start was asked for: the keys leave the Run button at once (Space must never press it again). */
  starting(): void;
  /** A job was started (from the form or a lecture card): open it, with these views switched on. */
  started(job: Job, views: readonly ViewName[] | null): void;
  /** Runs to compare were started (a sweep, or every run of a card). */
  compare(set: CompareSet): void;
}

/**
 * What starts a job: the lectures' cards, the form (with its data-set picker) and the sweep box. A card fills the
 * form with its run, so its settings can be read and varied.
 */
export class StartPanel {
  private readonly form: HTMLFormElement;
  private readonly error: HTMLElement;
  private readonly picker: DatasetPicker;
  private readonly pickerReady: Promise<void>;
  private readonly gallery: HTMLElement;
  private presets: Preset[] = [];

  constructor(
    private readonly byId: ById,
    private readonly events: StartEvents,
  ) {
    this.form = byId<HTMLFormElement>('job-form');
    this.error = byId('form-error');
    this.gallery = byId('presets');
    this.picker = new DatasetPicker(
      byId<HTMLSelectElement>('dataset'),
      byId('dataset-description'),
      byId<HTMLCanvasElement>('dataset-preview'),
      byId('generator'),
      { name: byId<HTMLInputElement>('upload-name'), file: byId<HTMLInputElement>('upload-file'), button: byId<HTMLButtonElement>('upload-button'), message: byId('upload-message') },
      datasetsApi,
    );
    this.pickerReady = this.picker.load().catch(() => {
      this.error.textContent = t('error.datasets');
    });
    this.form.addEventListener('change', () => syncFormFields(this.form));
    syncFormFields(this.form);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const reading = this.read();
      if (this.refuse(reading.errors)) return;
      void this.start(reading.request, null);
    });
    // A corrected field loses its mark as soon as it is edited.
    this.form.addEventListener('input', (e) => {
      const field = e.target as HTMLElement;
      if (field.getAttribute('aria-invalid') !== 'true') return;
      field.removeAttribute('aria-invalid');
      field.parentElement?.querySelector('.field-error')?.remove();
    });
    byId('sweep-start').addEventListener('click', () => void this.sweep());
    // TF Playground's "regenerate": the same generator and noise, a new draw.
    byId('new-sample').addEventListener('click', () => {
      const seed = this.form.elements.namedItem('seed') as HTMLInputElement;
      seed.value = String(Math.floor(Math.random() * 1_000_000));
      seed.dispatchEvent(new Event('change', { bubbles: true }));
    });
    listPresets()
      .then((list) => {
        this.presets = list;
        this.renderGallery();
      })
      .catch(() => (this.gallery.textContent = t('error.presets')));
  }

  /** Shows an opened job's settings in the form, so a shared link says what was run and can be re-run or varied. */
  show(request: TrainRequest): void {
    fillJobForm(this.form, request);
    void this.pickerReady.then(() => this.picker.choose(request.dataset, this.form));
  }

  /** The lectures fold to their one-line heading, so an opened run has the screen. */
  collapseGallery(): void {
    (this.gallery.closest('details') as HTMLDetailsElement).open = false;
  }

  /** A refused start: each field the server named is marked in the page's words, the rest said below the form. */
  showError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      this.error.textContent = typeof error === 'string' ? error : t('error.network');
      return;
    }
    const { fields, unplaced } = serverFieldErrors(error.fieldErrors, this.form, language() === 'en');
    showFieldErrors(this.form, fields);
    const general = Object.keys(fields).length > 0 ? [t('error.serverFields')] : [];
    if (unplaced.length === 0 && general.length === 0) general.push(t('error.status', { status: error.status }));
    this.error.textContent = [...general, ...unplaced].join(' ');
  }

  /** Marks what cannot be read; true when something was (and nothing may start). */
  private refuse(errors: FieldErrors): boolean {
    showFieldErrors(this.form, errors);
    const bad = Object.keys(errors).length > 0;
    this.error.textContent = bad ? t('error.fixFields') : '';
    return bad;
  }

  /** Text drawn by code, again in the page's new language. */
  translate(): void {
    this.renderGallery();
    void this.pickerReady.then(() => this.picker.translate());
  }

  renderGallery(): void {
    renderPresetGallery(
      this.gallery,
      this.presets,
      (preset, request) => {
        this.show(request);
        void this.start(request, preset.views);
      },
      (preset) => void this.compareAll(preset),
    );
  }

  private read(): FormReading {
    return readJobForm(this.form, (f) => this.picker.request(f));
  }

  private async start(request: TrainRequest, views: readonly ViewName[] | null): Promise<void> {
    this.events.starting();
    this.error.textContent = '';
    clearFieldErrors(this.form);
    const button = this.byId<HTMLButtonElement>('start');
    button.disabled = true;
    try {
      this.events.started(await startJob(request), views);
    } catch (error) {
      this.showError(error);
    } finally {
      button.disabled = false;
    }
  }

  /** A sweep: the form's job as the base, one setting varied; its compare page opens. */
  private async sweep(): Promise<void> {
    const key = this.byId<HTMLSelectElement>('sweep-key').value;
    const values = parseSweepValues(key, this.byId<HTMLInputElement>('sweep-values').value);
    const reading = this.read();
    if ('error' in values) reading.errors['sweep-values'] = values.error;
    if (this.refuse(reading.errors) || 'error' in values) return;
    try {
      const sweep = await startSweep(reading.request, { [key]: values.value });
      this.events.compare({ kind: 'sweep', id: sweep.id });
    } catch (error) {
      this.showError(error);
    }
  }

  /** Every run of a card (lecture 000's four learning rates), side by side. */
  private async compareAll(preset: Preset): Promise<void> {
    this.error.textContent = '';
    clearFieldErrors(this.form);
    try {
      const ids: string[] = [];
      for (const run of preset.runs) ids.push((await startJob(run.request)).id);
      this.events.compare({ kind: 'jobs', ids });
    } catch (error) {
      this.showError(error);
    }
  }
}
