import type { TrainRequest } from '../types';

/** Settings whose `type` picks the meaning of the rest: when the type differs, the label names only the type. */
const TYPED = ['optimizer', 'model'];

const FRIENDLY: Record<string, string> = { 'optimizer.type': 'optimizer', 'model.type': 'model', 'dataset.name': 'data', 'batch.size': 'batch', 'validation.fraction': 'validation' };

/**
 * Each run labelled by what differs from the others ("lr = 0.0085", "optimizer = adam"), as a sweep labels its
 * members, for any set of jobs. Runs with identical settings are numbered.
 */
export function differingLabels(requests: readonly TrainRequest[]): string[] {
  // A preset names its runs ("α = 0.01/6", "MSE, good start"): those names are kept.
  if (requests.length > 0 && requests.every((r) => r.view?.label)) return requests.map((r) => r.view!.label!);
  const flat = requests.map((r) => flatten(r as unknown as Record<string, unknown>, ''));
  const keys: string[] = [];
  for (const f of flat) for (const k of f.keys()) if (!keys.includes(k)) keys.push(k);
  let differing = keys.filter((k) => new Set(flat.map((f) => f.get(k) ?? '—')).size > 1);
  for (const parent of TYPED) {
    if (differing.includes(`${parent}.type`)) differing = differing.filter((k) => k === `${parent}.type` || !k.startsWith(`${parent}.`));
  }
  // A run without batch or validation is the full batch / no split: name that, and leave out the options that
  // differ only because they are absent there (shuffle, seed, dropLast).
  for (const parent of OPTIONAL) {
    const present = flat.filter((f) => [...f.keys()].some((k) => k.startsWith(`${parent}.`)));
    if (present.length === flat.length) continue;
    differing = differing.filter((k) => !k.startsWith(`${parent}.`) || k === `${parent}.${OPTIONAL_MAIN[parent]}` || new Set(present.map((f) => f.get(k) ?? '—')).size > 1);
  }
  if (differing.length === 0) return requests.map((_, i) => `run ${i + 1}`);
  return flat.map((f) => {
    const parts = differing.filter((k) => f.has(k)).map((k) => `${FRIENDLY[k] ?? k} = ${f.get(k)}`);
    for (const parent of OPTIONAL) {
      if (differing.some((k) => k.startsWith(`${parent}.`)) && ![...f.keys()].some((k) => k.startsWith(`${parent}.`))) parts.push(ABSENT[parent]);
    }
    return parts.join(', ');
  });
}

/** Request parts whose absence means something: no batch is the full batch, no validation no split. */
const OPTIONAL = ['batch', 'validation'];
const OPTIONAL_MAIN: Record<string, string> = { batch: 'size', validation: 'fraction' };
const ABSENT: Record<string, string> = { batch: 'batch = full', validation: 'no validation' };

/** Leaves by dotted path; arrays stay whole (layers, weights), strings unquoted. */
function flatten(value: Record<string, unknown>, prefix: string, out = new Map<string, string>()): Map<string, string> {
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined || (prefix === '' && key === 'view')) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, path, out);
    else out.set(path, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return out;
}
