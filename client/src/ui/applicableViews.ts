import type { Job, ViewName } from '../types';

/** The views that apply to a job: a fit needs one feature, a boundary two, grid search one or two weights. */
export function applicableViews(job: Job): ViewName[] {
  const isFunction = job.request.model?.type === 'function';
  const features = featureCount(job);
  const views: ViewName[] = ['loss', 'weights', 'landscape', 'step', 'graph', 'health'];
  if (!isFunction && features === 1) views.unshift('fit');
  if (!isFunction && features === 2) views.unshift('boundary');
  if (job.paramNames.length <= 2) views.push('gridsearch');
  if (job.paramNames.length >= 2) views.push('surface');
  if (!isFunction && job.request.loss === 'bce') views.push('confusion');
  return views;
}

/** From the weights' names: linear and logistic have w0 plus one per feature; an mlp's first layer ends at 0.weight[out−1, in−1]. */
export function featureCount(job: Job): number {
  const type = job.request.model?.type;
  if (type === 'linear' || type === 'logistic') return job.paramNames.length - 1;
  const last = job.paramNames.filter((n) => n.startsWith('0.weight[')).at(-1);
  const cols = last ? /,(\d+)\]$/.exec(last) : null;
  return cols ? Number(cols[1]) + 1 : 0;
}
