import type { DatasetRequest, Layer, TrainRequest } from '../types';

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

/** Reads the form into a request; the defaults in index.html are lecture 000's first experiment. */
export function readJobForm(form: HTMLFormElement, dataset: (f: FormData) => DatasetRequest): TrainRequest {
  const f = new FormData(form);
  const text = (name: string) => String(f.get(name) ?? '').trim();
  const type = text('model');
  const request: TrainRequest = {
    model: { type },
    optimizer: { type: text('optimizer') },
    lr: Number(text('lr')),
    epochs: Number(text('epochs')),
  };
  if (text('engine') && text('engine') !== 'gradientweb') request.engine = text('engine');
  if (type === 'function') {
    request.model!.expression = text('expression');
  } else {
    request.dataset = dataset(f);
    request.loss = text('loss');
    if (text('preprocess') !== 'none') request.preprocess = text('preprocess');
    if (type === 'mlp') request.model!.layers = parseLayers(text('layers'));
    // Lecture 001's SGD: mini-batches as DataLoader makes them, and rows held out as random_split holds them.
    if (text('batch')) request.batch = { size: Number(text('batch')), shuffle: f.get('shuffle') === 'on' };
    if (text('validation')) request.validation = { fraction: Number(text('validation')) };
  }
  const momentum = text('momentum');
  if (momentum && request.optimizer!.type !== 'adam' && request.optimizer!.type !== 'adamw' && request.optimizer!.type !== 'adagrad') {
    request.optimizer!.momentum = Number(momentum);
  }
  const weights = text('weights');
  if (text('init') === 'seed') request.init = { seed: Number(text('seed-init')) };
  else if (weights) request.init = { weights: weights.split(/[\s,]+/).filter(Boolean).map(Number) };
  return request;
}

export function showFormError(target: HTMLElement, message: string, fieldErrors: Record<string, string[]> = {}): void {
  const fields = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
  target.textContent = fields.length > 0 ? fields.join('\n') : message;
}

/** Shows or hides the fields that belong to the chosen model and init. */
export function syncFormFields(form: HTMLFormElement): void {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value;
  const model = value('model');
  for (const el of form.querySelectorAll<HTMLElement>('[data-for-model]')) {
    el.hidden = !el.dataset.forModel!.split(' ').includes(model ?? '');
  }
  for (const el of form.querySelectorAll<HTMLElement>('[data-for-init]')) {
    el.hidden = el.dataset.forInit !== value('init');
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
  set('optimizer', request.optimizer?.type);
  const momentum = request.optimizer?.momentum;
  set('momentum', typeof momentum === 'number' && momentum !== 0 ? String(momentum) : '');
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
    set('weights', request.init?.weights?.join(', '));
  }
  syncFormFields(form);
}
