import { t } from '../i18n/i18n';
import { formatNumber } from '../format/numbers';
import { toNumber, type GridSearch } from '../types';

/**
 * Grid search against gradient descent in words: the goal (come within a tolerance of the minimum), how many loss
 * evaluations the grid over the lecture's domain took and where its best point is, and how many descent took.
 */
export function gridSearchSummary(g: GridSearch, twoWeights: boolean): string {
  const gs = g.gridSearch;
  const gd = g.gradientDescent;
  const target = formatNumber(toNumber(g.target), 5);
  const axes = `${gs.pointsPerAxis}${twoWeights ? ` × ${gs.pointsPerAxis}` : ''}`;
  const grid = gs.reached ? t('grid.reached', { axes, count: gs.evaluations }) : t('grid.notReached', { count: gs.evaluations });
  const descent = gd.reached ? t('grid.descent', { epoch: gd.epoch ?? '?', count: gd.evaluations ?? '?' }) : t('grid.descentNotReached');
  const domain = (gs.domain ?? []).map(([lo, hi]) => `[${formatNumber(lo)}, ${formatNumber(hi)}]`).join(' × ');
  const best = twoWeights ? `(${formatNumber(gs.best.a)}, ${formatNumber(gs.best.b)})` : formatNumber(gs.best.a);
  const where = domain ? ` (${t('grid.domain', { domain, step: formatNumber(gs.step ?? NaN) })}; ${t('grid.best', { point: best })})` : '';
  const goal = t('grid.goal', { tolerance: formatNumber(toNumber(g.tolerance), 3), minimum: formatNumber(toNumber(g.reference), 5), target });
  return `<strong>${goal}</strong> ${t('grid.summary', { grid: grid + where, descent })}`;
}
