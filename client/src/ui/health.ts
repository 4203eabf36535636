import { t } from '../i18n/i18n';
import { formatFixed, formatNumber } from '../format/numbers';
import type { EpochRecord, Job } from '../types';

/**
 * A run's health in words, beside its status: whether α is above the stable bound of its optimizer (also before
 * the loss reaches ∞), whether the loss is growing, how far the bound can be trusted (exact, estimated, a plateau).
 * The server judges (HealthRules); this only words it.
 */
export function healthText(job: Job): string {
  const h = job.health;
  const d = job.diagnostics;
  if (!h || !d) return '';
  const lr = formatNumber(h.lr, 6);
  const bound = h.bound != null ? formatNumber(h.bound, 5) : '';
  const formula = boundFormula(job);
  const trust = h.boundKind === 'estimated' ? t('health.estimated') : '';
  if (d.boundKind === 'plateau') {
    return t('health.plateau', { norm: formatNumber(d.gradientNorm, 2), curvature: d.stableLrBound != null ? ` (2/λ = ${formatNumber(d.stableLrBound, 3)})` : '' });
  }
  const above = h.aboveBound ? t('health.above', { lr, formula, bound }) + trust : '';
  switch (h.verdict) {
    case 'diverged':
      return above ? `${above} ${t('health.divergedToo')}` : t('health.diverged');
    case 'diverging':
      return above ? `${above} ${t('health.divergingToo')}` : t('health.diverging');
    case 'unstable':
      return `${above} ${t('health.unstable')}`;
    case 'stable':
      return t('health.stable', { lr, formula, bound }) + trust;
    default:
      if (d.stableLrBound != null) return t('health.noBound', { bound: formatNumber(d.stableLrBound, 5), optimizer: job.request.optimizer?.type ?? '' });
      // Power iteration gives the curvature of largest magnitude: negative, it bounds no step (a sigmoid under MSE,
      // saturated at the start), and saying nothing left the card looking as if the check had not run.
      return d.topHessianEigenvalue != null && d.topHessianEigenvalue <= 0 ? t('health.curvesDown', { lambda: formatNumber(d.topHessianEigenvalue, 3) }) : '';
  }
}

/** The bound's formula for the job's optimizer: 2/λmax, or heavy-ball momentum's 2(1+μ)/λmax. */
function boundFormula(job: Job): string {
  const o = job.request.optimizer;
  const mu = o?.momentum ?? 0;
  if (!mu) return '2/λmax';
  return o?.nesterov ? `2(1+μ)/((1+2μ)λmax), μ = ${mu}` : `2(1+μ)/λmax, μ = ${mu}`;
}

/** Which of health's words to colour: a run above its bound or running away never reads as a plain success. */
export function healthTone(job: Job): 'good' | 'bad' | 'neutral' {
  const v = job.health?.verdict;
  if (v === 'stable') return 'good';
  if (v === 'unstable' || v === 'diverging' || v === 'diverged' || job.health?.aboveBound) return 'bad';
  return 'neutral';
}

/**
 * Once on the run page: the notes print the loss computed before the last step beside the weights after it, so
 * their last line differs from this page's L(θ_E). Needs the request's view.notes and the records E−1 and E.
 */
export function notesPairingText(job: Job, records: readonly EpochRecord[]): string {
  const notes = job.request.view?.notes;
  if (!notes) return '';
  const e = notes.epoch;
  const before = records.find((r) => r.epoch === e - 1);
  const at = records.find((r) => r.epoch === e);
  if (!before || !at) return t('notes.pairingShort', { epoch: e, loss: notes.loss });
  return t('notes.pairing', {
    epoch: e,
    previous: e - 1,
    loss: notes.loss,
    weights: notes.weights.map((w) => formatFixed(w)).join(', '),
    ours: formatNumber(before.loss, 6),
    lossAt: formatNumber(at.loss, 6),
    weightsAt: at.weights.map((w) => formatFixed(w)).join(', '),
  });
}
