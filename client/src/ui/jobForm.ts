import type { TrainRequest } from '../types';

/** Reads the form into a request; the defaults in index.html are lecture 000's first experiment. */
export function readJobForm(form: HTMLFormElement): TrainRequest {
  const f = new FormData(form);
  const text = (name: string) => String(f.get(name) ?? '').trim();
  const weights = text('weights');
  const request: TrainRequest = {
    dataset: { name: text('dataset') },
    model: { type: text('model') },
    loss: text('loss'),
    optimizer: { type: text('optimizer') },
    lr: Number(text('lr')),
    epochs: Number(text('epochs')),
  };
  if (weights) request.init = { weights: weights.split(/[\s,]+/).filter(Boolean).map(Number) };
  return request;
}

export function showFormError(target: HTMLElement, message: string, fieldErrors: Record<string, string[]> = {}): void {
  const fields = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
  target.textContent = fields.length > 0 ? fields.join('\n') : message;
}

/** Shows an opened job's settings in the form, so a shared link says what was run and can be re-run or varied. */
export function fillJobForm(form: HTMLFormElement, request: TrainRequest): void {
  const set = (name: string, value: string | undefined) => {
    const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (field && value !== undefined) field.value = value;
  };
  if (request.dataset.name) set('dataset', request.dataset.name);
  set('model', request.model?.type);
  set('loss', request.loss);
  set('optimizer', request.optimizer?.type);
  set('lr', String(request.lr));
  set('epochs', String(request.epochs));
  set('weights', request.init?.weights.join(', '));
}
