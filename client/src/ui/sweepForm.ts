import { readNumberList, type Read } from './formNumbers';

/**
 * The sweep's values as the API wants them: numbers for numeric settings, read as strictly as the form's fields
 * ("abc" or "0.0o1" is named, never sent); names for loss/preprocess; for "optimizer" whole optimizer objects
 * ({ "type": "adam" }), since options of one optimizer type are refused by another.
 */
export function parseSweepValues(key: string, text: string): Read<unknown[]> {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s);
  if (key === 'optimizer') return { value: items.map((type) => ({ type })) };
  if (key === 'loss' || key === 'preprocess') return { value: items };
  return readNumberList(text, 'error.valueItem');
}
