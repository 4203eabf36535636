import { t } from '../i18n/i18n';
import { messages, type MessageKey } from '../i18n/messages';

/** Field name → the message shown beside it. */
export type FieldErrors = Record<string, string>;

/**
 * The form field a server problem's `errors` key is about: `init.weights[1]` → weights, `optimizer.weightDecay` →
 * weightDecay, a sweep member's `members[2].lr` → the sweep values. Null when no field of the form says it.
 */
export function fieldForKey(key: string, form: HTMLFormElement): string | null {
  if (/^(members|vary)\b/.test(key)) return 'sweep-values';
  const path = key
    .replace(/^\$\.?/, '')
    .replace(/^base\./, '')
    .replace(/\[\d+\]/g, '');
  const known: Record<string, string> = {
    init: 'weights',
    'init.weights': 'weights',
    'init.seed': 'seed-init',
    'dataset.generate': 'generate',
    'dataset.n': 'n',
    'dataset.noise': 'noise',
    'dataset.seed': 'seed',
    'model.type': 'model',
    'model.layers': 'layers',
    'model.expression': 'expression',
    'optimizer.type': 'optimizer',
  };
  if (known[path]) return known[path];
  if (path.startsWith('dataset')) return 'dataset';
  // Anything else is named as the form names it: lr, epochs, loss, optimizer.momentum → momentum, …
  const last = path.split('.').pop() ?? '';
  return form.elements.namedItem(last) ? last : null;
}

/** .NET type names, JSON positions and the like are not for a student: the page's own words replace them. */
const TECHNICAL = /System\.|JSON value|\(line \d+, byte \d+\)|Nullable|`\d/;

/**
 * A server problem's `errors` in the page's words, per field: what the field takes, and (in English, where the
 * server's sentence is plain) the server's own detail. Keys no field shows are returned as `unplaced`.
 */
export function serverFieldErrors(errors: Record<string, string[]>, form: HTMLFormElement, english: boolean): { fields: FieldErrors; unplaced: string[] } {
  const fields: FieldErrors = {};
  const unplaced: string[] = [];
  for (const [key, list] of Object.entries(errors)) {
    const field = fieldForKey(key, form);
    const detail = list.join(' ');
    const rule = `rule.${field}` in messages ? t(`rule.${field}` as MessageKey) : t('rule.generic');
    const plain = english && !TECHNICAL.test(detail) ? ` (${detail})` : '';
    const text = t('error.refused', { rule }) + plain;
    if (field) fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
    else unplaced.push(text);
  }
  return { fields, unplaced };
}

/** Marks each field with its error beside it (aria-invalid, a message in its label); clears the others. */
export function showFieldErrors(form: HTMLFormElement, errors: FieldErrors): void {
  clearFieldErrors(form);
  let first: HTMLElement | null = null;
  for (const [name, message] of Object.entries(errors)) {
    const field = (form.elements.namedItem(name) ?? form.querySelector(`#${name}`)) as HTMLElement | null;
    if (!(field instanceof HTMLElement)) continue;
    field.setAttribute('aria-invalid', 'true');
    const note = document.createElement('span');
    note.className = 'field-error';
    note.id = `error-${name}`;
    note.dataset.errorFor = name;
    note.textContent = message;
    field.setAttribute('aria-describedby', note.id);
    field.insertAdjacentElement('afterend', note);
    first ??= field;
  }
  first?.focus({ preventScroll: true });
  first?.scrollIntoView({ block: 'center' });
}

export function clearFieldErrors(form: HTMLFormElement): void {
  for (const note of form.querySelectorAll('.field-error')) note.remove();
  for (const field of form.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    field.removeAttribute('aria-describedby');
  }
}
