import { t } from '../i18n/i18n';
import { parseNumber, readNumberList, type Read } from './formNumbers';

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
  // A batch-size sweep (1, 10, 100, full): each a DataLoader of that size, "full" the whole training set.
  if (key === 'batch') return readBatchSizes(items);
  if (key === 'loss' || key === 'preprocess' || key === 'engine') return { value: items };
  return readNumberList(text, 'error.valueItem');
}

function readBatchSizes(items: readonly string[]): Read<unknown[]> {
  const sizes: unknown[] = [];
  for (const [i, item] of items.entries()) {
    const size = parseNumber(item);
    if (item.toLowerCase() === 'full') sizes.push(null);
    else if (size !== null && Number.isInteger(size) && size >= 1) sizes.push({ size });
    else return { error: t('error.valueItem', { index: i + 1, text: item }) };
  }
  return { value: sizes };
}
