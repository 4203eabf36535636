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
