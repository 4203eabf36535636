import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatFixed, formatNumber } from '../format/numbers';
import { isFinished, toNumber, type EpochRecord, type Job } from '../types';
import { healthText, healthTone, notesPairingText } from './health';

export interface StatusElements {
  root: HTMLElement;
  label: HTMLElement;
  progress: HTMLProgressElement;
  progressText: HTMLElement;
  rate: HTMLElement;
  cancel: HTMLButtonElement;
  detail: HTMLElement;
  health: HTMLElement;
  notes: HTMLElement;
}

/** Status, progress (epoch k of E), the pace and time left while it runs, a stop button, health, and how it ended. */
export class StatusBar {
  constructor(private readonly el: StatusElements) {}

  /** `pace`: epochs per second and seconds left, while the job runs and they are known. */
  show(job: Job | null, records: readonly EpochRecord[], pace: { rate: number; left: number } | null = null): void {
    const el = this.el;
    const newest = records.at(-1) ?? null;
    el.cancel.hidden = !job || isFinished(job.status);
    if (!job) {
      el.root.dataset.status = 'idle';
      el.root.dataset.health = 'neutral';
      el.label.textContent = t('status.idle');
      el.health.textContent = '';
      el.notes.textContent = '';
      el.progressText.textContent = '';
      el.rate.textContent = '';
      el.detail.textContent = '';
      el.progress.value = 0;
      return;
    }
    // "completed" is not green when α was above its bound or the loss ran away.
    el.root.dataset.health = healthTone(job);
    el.root.dataset.verdict = job.health?.verdict ?? 'unknown';
    setText(el.health, healthText(job));
    setText(el.notes, notesPairingText(job, records));
    const done = Math.max(0, newest?.epoch ?? 0);
    el.root.dataset.status = job.status;
    el.root.dataset.epoch = String(done);
    setText(el.label, t(`status.${job.status}` as MessageKey));
    el.progress.max = job.epochsTotal;
    el.progress.value = done;
    setText(el.progressText, t('status.progress', { done, total: job.epochsTotal }));
    setText(el.rate, pace && !isFinished(job.status) ? t('status.rate', { rate: formatRate(pace.rate), left: formatDuration(pace.left) }) : '');
    setText(el.detail, metrics(newest) + describe(job) + gradientCheck(job) + batches(job));
  }
}

/** Sets text only when it changed: the bar is written on every streamed message, and a rewrite costs a relayout. */
function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

const formatRate = (rate: number) => (rate >= 100 ? Math.round(rate).toLocaleString() : rate.toPrecision(2));

/** 42 s, 3 min 20 s, 1 h 5 min: the time left as a person says it. */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return t('time.seconds', { s });
  if (s < 3600) return t('time.minutes', { m: Math.floor(s / 60), s: s % 60 });
  return t('time.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
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
