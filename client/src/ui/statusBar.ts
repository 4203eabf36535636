import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { toNumber, type EpochRecord, type Job } from '../types';

/** Status, progress (epoch k of E) and, for a diverged run, where it left. */
export class StatusBar {
  constructor(
    private readonly root: HTMLElement,
    private readonly label: HTMLElement,
    private readonly progress: HTMLProgressElement,
    private readonly progressText: HTMLElement,
    private readonly detail: HTMLElement,
  ) {}

  show(job: Job | null, epochsReceived: number, newest: EpochRecord | null = null): void {
    if (!job) {
      this.root.dataset.status = 'idle';
      this.label.textContent = t('status.idle');
      return;
    }
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
      return job.result ? t('detail.completed', { loss: toNumber(job.result.finalLoss).toPrecision(6), weights: weightsText(job.result.finalWeights.map(toNumber)) }) + bound(job) : '';
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
  const shown = weights.slice(0, 6).map((w) => w.toFixed(4)).join(', ');
  return weights.length > 6 ? `${shown}, … (${t('detail.weightCount', { count: weights.length })})` : shown;
}

/**
 * The start's gradient check: autograd against central differences, judged on the whole vector
 * (‖g − ĝ‖ / ‖g‖). Per-weight relative differences flag near-zero components and ReLU kinks where finite
 * differences, not autograd, are off.
 */
export function gradientCheck(job: Job): string {
  const d = job.diagnostics;
  if (!d) return '';
  const g = d.gradient.map(toNumber);
  const n = d.numericGradient.map(toNumber);
  const diff = Math.hypot(...g.map((v, i) => v - n[i]));
  const scale = Math.max(Math.hypot(...g), Math.hypot(...n));
  // On a plateau (a saturated sigmoid) float32 differences of the loss are rounding noise: nothing to compare.
  if (scale < 1e-4) return t('detail.checkPlateau', { norm: scale.toExponential(1) });
  const error = diff / scale;
  return t('detail.check', { mark: error < 1e-2 ? '✓' : '✗', error: error.toExponential(1) });
}
