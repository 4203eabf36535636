/**
 * The sweep form's values, as POST /sweeps wants them: numbers for numeric settings, and for "optimizer" whole
 * optimizer objects ({ "type": "adam" }), since options of one optimizer type are refused by another.
 */
export function parseSweepValues(key: string, text: string): unknown[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s);
  if (key === 'optimizer') return items.map((type) => ({ type }));
  // A batch-size sweep (1, 10, 100, full): each a DataLoader of that size, "full" the whole training set.
  if (key === 'batch') return items.map((s) => (s.toLowerCase() === 'full' ? null : { size: Number(s) }));
  if (key === 'loss' || key === 'preprocess' || key === 'engine') return items;
  return items.map((s) => (Number.isFinite(Number(s)) ? Number(s) : s));
}
