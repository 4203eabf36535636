import { t } from '../i18n/i18n';
import type { DatasetRequest, Layer, LossKind, ModelKind, OptimizerFlag, OptimizerNumberOption, OptimizerRequest, OptimizerType, TrainRequest } from '../types';
import type { FieldErrors } from './formErrors';
import { readNumber, readNumberList, type NumberRule, type Read } from './formNumbers';

/** "linear 2, relu, linear 1, sigmoid" ↔ [{"linear": 2}, "relu", {"linear": 1}, "sigmoid"]. */
export function parseLayers(text: string): Layer[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const linear = /^linear\s*\(?\s*(\d+)\s*\)?$/i.exec(part);
      return linear ? { linear: Number(linear[1]) } : part.toLowerCase();
    });
}

export const formatLayers = (layers: Layer[]): string =>
  layers.map((l) => (typeof l === 'string' ? l : `linear ${l.linear}`)).join(', ');

/** Each optimizer option the API takes: the optimizers that have it (index.html shows it only for them) and its rule. */
const OPTIMIZER_NUMBERS: Record<OptimizerNumberOption, NumberRule> = {
  momentum: { sign: 'nonNegative' },
  dampening: { sign: 'nonNegative' },
  weightDecay: { sign: 'nonNegative' },
  eps: { sign: 'positive' },
  alpha: { sign: 'nonNegative' },
  lrDecay: { sign: 'nonNegative' },
  initialAccumulatorValue: { sign: 'nonNegative' },
};
const OPTIMIZER_FLAGS: OptimizerFlag[] = ['nesterov', 'amsgrad', 'centered'];
const OPTIMIZER_NUMBER_NAMES = Object.keys(OPTIMIZER_NUMBERS) as OptimizerNumberOption[];

export interface FormReading {
  request: TrainRequest;
  /** Field name → what is wrong with it; empty when the request can be sent. */
  errors: FieldErrors;
}

/**
 * Reads the form into a request, strictly: a field that cannot be read is an error beside it, never a guess. The
 * defaults in index.html are lecture 000's first experiment.
 */
export function readJobForm(form: HTMLFormElement, dataset: (f: FormData) => DatasetRequest): FormReading {
  const f = new FormData(form);
  const text = (name: string) => String(f.get(name) ?? '').trim();
  const errors: FieldErrors = {};
  const take = <T>(name: string, read: Read<T>): T | undefined => {
    if ('error' in read) {
      errors[name] = read.error;
      return undefined;
    }
    return read.value;
  };
  const shown = (name: string) => !((form.elements.namedItem(name) as HTMLElement | null)?.closest('[hidden]') ?? null);

  // The selects offer only the API's names (index.html), so their values are these types.
  const type = text('model') as ModelKind;
  const optimizer: OptimizerRequest = { type: text('optimizer') as OptimizerType };
  const request: TrainRequest = {
    model: { type },
    optimizer,
    lr: take('lr', readNumber(text('lr'), { sign: 'positive' })) ?? NaN,
    epochs: take('epochs', readNumber(text('epochs'), { integer: true, min: 1 })) ?? NaN,
  };
  if (text('engine') && text('engine') !== 'gradientweb') request.engine = text('engine');
  if (type === 'function') {
    request.model!.expression = text('expression');
  } else {
    request.dataset = readDataset(dataset(f), text, take);
    request.loss = text('loss') as LossKind;
    if (text('preprocess') !== 'none') request.preprocess = text('preprocess');
    if (type === 'mlp') request.model!.layers = parseLayers(text('layers'));
    // Lecture 001's SGD: mini-batches as DataLoader makes them, and rows held out as random_split holds them.
    if (text('batch')) request.batch = { size: take('batch', readNumber(text('batch'), { integer: true, min: 1 })) ?? NaN, shuffle: f.get('shuffle') === 'on' };
    if (text('validation')) {
      const fraction = take('validation', readNumber(text('validation'), { sign: 'unit' }));
      if (fraction === 0) errors.validation = t('error.positive');
      request.validation = { fraction: fraction ?? NaN };
    }
  }
  // Only the options of the chosen optimizer (the others are hidden): empty means PyTorch's default.
  for (const name of OPTIMIZER_NUMBER_NAMES) {
    if (shown(name) && text(name) !== '') optimizer[name] = take(name, readNumber(text(name), OPTIMIZER_NUMBERS[name]));
  }
  if (shown('betas') && text('betas') !== '') {
    const betas = take('betas', readNumberList(text('betas'), 'error.valueItem'));
    if (betas && (betas.length !== 2 || betas.some((b) => !(b >= 0 && b < 1)))) errors.betas = t('error.betas');
    else optimizer.betas = betas;
  }
  for (const name of OPTIMIZER_FLAGS) if (shown(name) && f.get(name) === 'on') optimizer[name] = true;

  if (text('init') === 'seed') {
    request.init = { seed: take('seed-init', readNumber(text('seed-init'), { integer: true, min: 0 })) };
  } else {
    const weights = take('weights', readNumberList(text('weights')));
    if (weights && weights.length > 0) request.init = { weights };
  }
  return { request, errors };
}

/** The generator's numbers are read as strictly as the rest; a named or uploaded set passes as it is. */
function readDataset(d: DatasetRequest, text: (name: string) => string, take: <T>(name: string, read: Read<T>) => T | undefined): DatasetRequest {
  if (!d.generate) return d;
  const optional = (name: 'n' | 'noise' | 'seed', rule: NumberRule) => (text(name) === '' ? undefined : take(name, readNumber(text(name), rule)));
  return { generate: d.generate, n: optional('n', { integer: true, min: 2 }), noise: optional('noise', { sign: 'nonNegative' }), seed: optional('seed', { integer: true, min: 0 }) };
}

/** Shows or hides the fields that belong to the chosen model, init and optimizer. */
export function syncFormFields(form: HTMLFormElement): void {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value;
  const model = value('model');
  const optimizer = value('optimizer') ?? 'sgd';
  for (const el of form.querySelectorAll<HTMLElement>('[data-for-model]')) {
    el.hidden = !el.dataset.forModel!.split(' ').includes(model ?? '');
  }
  for (const el of form.querySelectorAll<HTMLElement>('[data-for-init]')) {
    el.hidden = el.dataset.forInit !== value('init');
  }
  for (const el of form.querySelectorAll<HTMLElement>('[data-for-optimizer]')) {
    el.hidden = !el.dataset.forOptimizer!.split(' ').includes(optimizer);
  }
}

/** Shows an opened job's settings in the form, so a shared link says what was run and can be re-run or varied. */
export function fillJobForm(form: HTMLFormElement, request: TrainRequest): void {
  const set = (name: string, value: string | undefined) => {
    const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (field && value !== undefined) field.value = value;
  };
  set('model', request.model?.type);
  if (request.model?.layers) set('layers', formatLayers(request.model.layers));
  if (request.model?.expression) set('expression', request.model.expression);
  set('loss', request.loss);
  set('preprocess', request.preprocess ?? 'none');
  set('engine', request.engine ?? 'gradientweb');
  const o: OptimizerRequest = request.optimizer ?? { type: 'sgd' };
  set('optimizer', o.type);
  for (const name of OPTIMIZER_NUMBER_NAMES) set(name, typeof o[name] === 'number' ? String(o[name]) : '');
  set('betas', Array.isArray(o.betas) ? o.betas.join(', ') : '');
  for (const name of OPTIMIZER_FLAGS) {
    const box = form.elements.namedItem(name) as HTMLInputElement | null;
    if (box) box.checked = o[name] === true;
  }
  set('lr', String(request.lr));
  set('epochs', String(request.epochs));
  set('batch', request.batch ? String(request.batch.size) : '');
  const shuffle = form.elements.namedItem('shuffle') as HTMLInputElement | null;
  if (shuffle) shuffle.checked = request.batch?.shuffle ?? true;
  set('validation', request.validation ? String(request.validation.fraction) : '');
  if (request.init?.seed !== undefined) {
    set('init', 'seed');
    set('seed-init', String(request.init.seed));
  } else {
    set('init', 'weights');
    set('weights', request.init?.weights?.join(', ') ?? '');
  }
  syncFormFields(form);
}
