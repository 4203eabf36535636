import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatFixed, formatNumber } from '../format/numbers';
import { toNumber, type EpochRecord, type Job } from '../types';
import { healthText, healthTone, notesPairingText } from './health';

/** Status, progress (epoch k of E) and, for a diverged run, where it left. */
export class StatusBar {
  constructor(
    private readonly root: HTMLElement,
    private readonly label: HTMLElement,
    private readonly progress: HTMLProgressElement,
    private readonly progressText: HTMLElement,
    private readonly detail: HTMLElement,
    private readonly health: HTMLElement,
    private readonly notes: HTMLElement,
  ) {}

  show(job: Job | null, records: readonly EpochRecord[]): void {
    const epochsReceived = records.length;
    const newest = records.at(-1) ?? null;
    if (!job) {
      this.root.dataset.status = 'idle';
      this.root.dataset.health = 'neutral';
      this.label.textContent = t('status.idle');
      this.health.textContent = '';
      this.notes.textContent = '';
      return;
    }
    // "completed" is not green when α was above its bound or the loss ran away.
    this.root.dataset.health = healthTone(job);
    this.root.dataset.verdict = job.health?.verdict ?? 'unknown';
    this.health.textContent = healthText(job);
    this.notes.textContent = notesPairingText(job, records);
    const done = Math.max(0, epochsReceived - 1);
    this.root.dataset.status = job.status;
    this.root.dataset.epoch = String(done);
    this.label.textContent = t(`status.${job.status}` as MessageKey);
    this.progress.max = job.epochsTotal;
    this.progress.value = done;
    this.progressText.textContent = t('status.progress', { done, total: job.epochsTotal });
    this.detail.textContent = metrics(newest) + describe(job) + gradientCheck(job) + batches(job);
  }
}

/** The newest epoch's scores: accuracy or R², on the training rows and the held-out ones. */
export function metrics(record: EpochRecord | null): string {
  const m = record?.metrics;
  if (!m) return '';
  const name = t(m.name === 'accuracy' ? 'metric.accuracy' : 'metric.r2');
  const loss = record!.validationLoss;
  const held = loss != null && m.validation !== null
    ? t('metric.validation', { value: m.validation.toFixed(3), loss: loss.toPrecision(4) })
    : '';
  return `${t('metric.train', { name, value: m.train.toFixed(3) })}${held} · `;
}

/** The stable bound is full-batch gradient descent's: a mini-batch step follows one batch's gradient. */
function batches(job: Job): string {
  const b = job.request.batch;
  return b ? t('detail.batches', { size: b.size, shuffle: b.shuffle ? t('detail.shuffled') : t('detail.inOrder') }) : '';
}

function describe(job: Job): string {
  switch (job.status) {
    case 'diverged':
      return t('detail.diverged', { epoch: job.divergedAt ?? '?', loss: job.result ? String(toNumber(job.result.finalLoss)) : 'NaN', lr: job.request.lr, bound: bound(job) });
    case 'failed':
      return t('detail.failed', { error: job.error ?? '?' });
    case 'cancelled':
      return t('detail.cancelled', { epoch: job.epochsDone });
    case 'interrupted':
      return t('detail.interrupted', { epoch: job.epochsDone, id: job.id });
    case 'completed':
      return job.result ? t('detail.completed', { loss: formatNumber(toNumber(job.result.finalLoss), 6), weights: weightsText(job.result.finalWeights.map(toNumber)) }) : '';
    default:
      return `job ${job.id}`;
  }
}

/** Lecture 000's point: plain gradient descent is stable only for α < 2/λmax. */
function bound(job: Job): string {
  const limit = job.diagnostics?.stableLrBound;
  if (limit == null) return '';
  return t(job.diagnostics!.boundIsEstimate ? 'detail.boundEstimated' : 'detail.bound', { limit: limit.toPrecision(5) });
}

/** A net's hundreds of weights would bury the line: the first few and the count. */
function weightsText(weights: number[]): string {
  const shown = weights.slice(0, 6).map((w) => formatFixed(w)).join(', ');
  return weights.length > 6 ? `${shown}, … (${t('detail.weightCount', { count: weights.length })})` : shown;
}

/**
 * The start's gradient check: autograd against central differences over the weights the server checked (a net
 * past 128 weights is checked on its first 128 only, so the two vectors are paired, never 129 against 128), judged
 * on the whole vector (‖g − ĝ‖ / ‖g‖): per-weight differences flag ReLU kinks where finite differences are off.
 */
export function gradientCheck(job: Job): string {
  const d = job.diagnostics;
  if (!d) return '';
  const n = d.checkedWeights ?? d.numericGradient.length;
  const g = d.gradient.slice(0, n).map(toNumber);
  const scale = Math.max(Math.hypot(...g), Math.hypot(...d.numericGradient.slice(0, n).map(toNumber)));
  // On a plateau (a saturated sigmoid) float32 differences of the loss are rounding noise: nothing to compare.
  if (scale < 1e-4) return t('detail.checkPlateau', { norm: formatNumber(scale, 2) });
  const error = d.gradientCheckError ?? NaN;
  return t('detail.check', { mark: error < 1e-2 ? '✓' : '✗', error: formatNumber(error, 2) });
}
