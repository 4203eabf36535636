import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { TrainRequest } from '../types';

/**
 * A job's settings in one line of the page's language, for a Run button's hover text and the recent-jobs list:
 * "icecream · linear · sse · sgd · α = 0.001 · 30 epochs · from [-5, 10]".
 */
export function requestSummary(r: TrainRequest): string {
  const type = r.model?.type ?? 'linear';
  const data = type === 'function' ? r.model?.expression : (r.dataset?.name ?? r.dataset?.generate ?? (r.dataset?.id ? t('summary.upload') : t('summary.inline')));
  const model = (['linear', 'logistic', 'mlp', 'function'].includes(type) ? t(`summary.${type}` as MessageKey) : type) + (r.model?.layers ? ` (${r.model.layers.length})` : '');
  const o = r.optimizer ?? { type: 'sgd' };
  const momentum = typeof o.momentum === 'number' && o.momentum > 0 ? ` (${t('summary.momentum', { m: o.momentum })})` : '';
  const start = r.init?.weights ? t('summary.from', { weights: r.init.weights.join(', ') }) : r.init?.seed !== undefined ? t('summary.seed', { seed: r.init.seed }) : null;
  const parts = [data, model, type === 'function' ? null : r.loss, `${o.type}${momentum}`, `α = ${r.lr}`, t('summary.epochs', { n: r.epochs }), start];
  return parts.filter((p) => p).join(' · ');
}
