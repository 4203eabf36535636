import { t } from '../i18n/i18n';

/**
 * Numbers as a person types them, read strictly: "0.001", "-5", "1e-3", ".5". Anything else ("0.0o1", "1O", "")
 * is refused, never guessed at (a number input silently drops the letter of "0.0o1" and runs α = 0.01).
 */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export const parseNumber = (text: string): number | null => (NUMBER.test(text.trim()) ? Number(text.trim()) : null);

/** The outcome of reading one field: its value, or the message to show beside it. */
export type Read<T> = { value: T } | { error: string };

export interface NumberRule {
  /** "positive": > 0; "nonNegative": ≥ 0; "unit": 0 ≤ v < 1. */
  sign?: 'positive' | 'nonNegative' | 'unit';
  integer?: boolean;
  min?: number;
}

/** One number, checked against its rule; the error says what to write instead, in the page's language. */
export function readNumber(text: string, rule: NumberRule = {}): Read<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { error: t('error.required') };
  const v = parseNumber(trimmed);
  if (v === null || !Number.isFinite(v)) return { error: t('error.notNumber', { text: trimmed }) };
  if (rule.integer && !Number.isInteger(v)) return { error: t('error.integer', { min: rule.min ?? 0 }) };
  if (rule.min !== undefined && v < rule.min) return { error: rule.integer ? t('error.integer', { min: rule.min }) : t('error.atLeast', { min: rule.min }) };
  if (rule.sign === 'positive' && !(v > 0)) return { error: t('error.positive') };
  if (rule.sign === 'nonNegative' && v < 0) return { error: t('error.nonNegative') };
  if (rule.sign === 'unit' && !(v >= 0 && v < 1)) return { error: t('error.unit') };
  return { value: v };
}

/** A list of numbers separated by commas or spaces ("-5, 10"); an empty item ("-5,, 1") is named, not skipped. */
export function readNumberList(text: string, itemError: 'error.weightItem' | 'error.valueItem' = 'error.weightItem'): Read<number[]> {
  const trimmed = text.trim();
  if (trimmed === '') return { value: [] };
  const items = trimmed.split(/\s*,\s*|\s+/);
  const values: number[] = [];
  for (const [i, item] of items.entries()) {
    if (item === '') return { error: t('error.emptyItem', { index: i + 1 }) };
    const v = parseNumber(item);
    if (v === null || !Number.isFinite(v)) return { error: t(itemError, { index: i + 1, text: item }) };
    values.push(v);
  }
  return { value: values };
}
