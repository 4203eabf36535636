import { language, t } from '../i18n/i18n';
import { messages, type MessageKey } from '../i18n/messages';
import { formatNumber } from '../format/numbers';
import { isFinished, toNumber, type EngineCheck, type EngineInfo, type Job } from '../types';

export interface EngineCheckElements {
  button: HTMLButtonElement;
  result: HTMLElement;
}

/**
 * "Check against libtorch" (issue 18): reruns a finished job on the other engine and shows the largest per-epoch
 * difference in the loss and in the weights. Where the server cannot load libtorch the button stays, disabled, with
 * the server's reason (GET /engines) as its title and beside it.
 */
export class EngineCheckPanel {
  private job: Job | null = null;
  private engines: EngineInfo[] | null = null;
  private checked: { id: string; check: EngineCheck } | null = null;
  private running = false;

  constructor(
    private readonly el: EngineCheckElements,
    private readonly load: { engines(): Promise<EngineInfo[]>; check(jobId: string): Promise<EngineCheck> },
  ) {
    el.button.addEventListener('click', () => void this.run());
    load.engines().then((engines) => {
      this.engines = engines;
      this.render();
    }, () => undefined);
  }

  show(job: Job | null): void {
    if (job?.id !== this.job?.id) this.checked = null;
    this.job = job;
    this.render();
  }

  /** The engine the job is checked against: libtorch for our engine's jobs, ours for a libtorch job. */
  private get other(): EngineInfo | null {
    const own = this.job?.request.engine ?? 'gradientweb';
    return this.engines?.find((e) => e.name === (own === 'libtorch' ? 'gradientweb' : 'libtorch')) ?? null;
  }

  render(): void {
    const { button, result } = this.el;
    const job = this.job;
    const other = this.other;
    button.hidden = !job || !other;
    if (!job || !other) {
      set(result, 'textContent', '');
      return;
    }
    // Written on every streamed message (with the status bar): only what changed is touched.
    set(button, 'textContent', t(other.name === 'libtorch' ? 'check.button' : 'check.buttonOurs'));
    const unavailable = !other.available;
    button.disabled = unavailable || !isFinished(job.status) || this.running;
    set(button, 'title', unavailable ? t('check.unavailable', { reason: engineReason(other) }) : isFinished(job.status) ? t('check.title') : t('check.waiting'));
    button.dataset.available = String(!unavailable);
    const text = this.running
      ? t('check.running')
      : this.checked?.id === job.id
        ? describe(this.checked.check)
        : unavailable ? t('check.unavailable', { reason: engineReason(other) }) : '';
    set(result, 'textContent', text);
    // The reason is long: one line under the button, the whole of it on hover.
    result.dataset.unavailable = String(unavailable && !this.running && this.checked?.id !== job.id);
    set(result, 'title', result.dataset.unavailable === 'true' ? text : '');
  }

  private async run(): Promise<void> {
    const job = this.job;
    if (!job || this.running) return;
    this.running = true;
    this.render();
    try {
      const check = await this.load.check(job.id);
      if (this.job?.id === job.id) this.checked = { id: job.id, check };
      this.el.result.dataset.failed = '';
    } catch (error) {
      this.el.result.dataset.failed = 'true';
      this.running = false;
      this.render();
      this.el.result.textContent = t('check.failed', { error: error instanceof Error ? error.message : String(error) });
      return;
    }
    this.running = false;
    this.render();
  }
}

/** Why an engine cannot run here, in the page's language: the server's English reason, or its code's own words. */
export function engineReason(engine: Pick<EngineInfo, 'reason' | 'reasonCode'>): string {
  if (language() === 'en' && engine.reason) return engine.reason;
  const key = `engine.reason.${engine.reasonCode}`;
  return t(key in messages ? (key as MessageKey) : 'engine.reason.unknown');
}

function set(el: HTMLElement, key: 'textContent' | 'title', value: string): void {
  if (el[key] !== value) el[key] = value;
}

/** "libtorch over 30 epochs: loss differs at most 3.1 × 10⁻⁸ (epoch 12), weights at most 2.4 × 10⁻⁷ (w1, epoch 30)". */
export function describe(c: EngineCheck): string {
  const loss = { value: formatNumber(toNumber(c.loss.absolute), 3), relative: formatNumber(toNumber(c.loss.relative), 2), epoch: c.loss.epoch };
  const weights = { value: formatNumber(toNumber(c.weights.absolute), 3), relative: formatNumber(toNumber(c.weights.relative), 2), epoch: c.weights.epoch, name: c.weights.name ?? '' };
  const end = c.sameEnd ? '' : ` ${t('check.otherEnd')}`;
  return t('check.result', { engine: c.engine, epochs: c.epochs, loss: loss.value, lossRelative: loss.relative, lossEpoch: loss.epoch, weights: weights.value, weightsRelative: weights.relative, weightsEpoch: weights.epoch, name: weights.name }) + end;
}
