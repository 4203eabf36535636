import { datasetsApi } from '../loaders/datasets';
import { ApiError, listPresets, startJob, startSweep } from '../transport/api';
import type { Job, Preset, TrainRequest, ViewName } from '../types';
import { DatasetPicker } from '../ui/datasetPicker';
import { fillJobForm, readJobForm, showFormError, syncFormFields } from '../ui/jobForm';
import { renderPresetGallery } from '../ui/presetGallery';
import { parseSweepValues } from '../ui/sweepForm';
import type { CompareSet } from '../ui/urlState';

type ById = <T extends HTMLElement>(id: string) => T;

export interface StartEvents {
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
    this.pickerReady = this.picker.load().catch((error) => showFormError(this.error, `Could not list data sets: ${String(error)}`));
    this.form.addEventListener('change', () => syncFormFields(this.form));
    syncFormFields(this.form);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.start(this.read(), null);
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
      .catch((error) => (this.gallery.textContent = `Could not load the lectures' presets: ${String(error)}`));
  }

  /** Shows an opened job's settings in the form, so a shared link says what was run and can be re-run or varied. */
  show(request: TrainRequest): void {
    fillJobForm(this.form, request);
    void this.pickerReady.then(() => this.picker.choose(request.dataset, this.form));
  }

  showError(error: unknown): void {
    if (error instanceof ApiError) showFormError(this.error, error.message, error.fieldErrors);
    else showFormError(this.error, String(error));
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

  private read(): TrainRequest {
    return readJobForm(this.form, (f) => this.picker.request(f));
  }

  private async start(request: TrainRequest, views: readonly ViewName[] | null): Promise<void> {
    this.error.textContent = '';
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
    this.error.textContent = '';
    const key = this.byId<HTMLSelectElement>('sweep-key').value;
    const values = parseSweepValues(key, this.byId<HTMLInputElement>('sweep-values').value);
    try {
      const sweep = await startSweep(this.read(), { [key]: values });
      this.events.compare({ kind: 'sweep', id: sweep.id });
    } catch (error) {
      this.showError(error);
    }
  }

  /** Every run of a card (lecture 000's four learning rates), side by side. */
  private async compareAll(preset: Preset): Promise<void> {
    this.error.textContent = '';
    try {
      const ids: string[] = [];
      for (const run of preset.runs) ids.push((await startJob(run.request)).id);
      this.events.compare({ kind: 'jobs', ids });
    } catch (error) {
      this.showError(error);
    }
  }
}
