import type { EpochRecord, Point } from '../types';

// Pure views of a mini-batch job's records (issue 17): the batch losses and the steps between epochs, the held-out
// curve, and a confusion matrix. Nothing here draws.

/** Step i of epoch k (of n) sits at x = k − 1 + i/n: its batch loss is taken at θ before that step. */
export function batchLossPoints(records: readonly EpochRecord[]): Point[] {
  const points: Point[] = [];
  for (const r of records) {
    const steps = r.steps;
    if (!steps) continue;
    const n = steps.losses.length;
    steps.losses.forEach((loss, i) => points.push({ x: r.epoch - 1 + i / n, y: Number.isFinite(loss) ? loss : NaN }));
  }
  return points;
}

export function validationPoints(records: readonly EpochRecord[]): Point[] {
  return records.filter((r) => r.validationLoss != null).map((r) => ({ x: r.epoch, y: Number.isFinite(r.validationLoss!) ? r.validationLoss! : NaN }));
}

/**
 * The path through every step up to record `epoch`, on weights a and b: θ₀, then each epoch's steps (the last of
 * which is that epoch's θ). Epochs whose steps were not kept contribute their record's θ alone.
 */
export function stepPath(records: readonly EpochRecord[], epoch: number, a: number, b: number): Point[] {
  const points: Point[] = [];
  for (const r of records.slice(0, epoch + 1)) {
    if (r.steps) for (const w of r.steps.weights) points.push({ x: w[a], y: w[b] });
    else points.push({ x: r.weights[a], y: r.weights[b] });
  }
  return points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
}

/** Counts at threshold 0.5 (class 1 when ŷ > 0.5), as the server's accuracy counts. */
export interface Confusion {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
}

export function confusion(yhat: readonly number[], y: readonly number[], rows: Iterable<number>): Confusion {
  const c: Confusion = { tn: 0, fp: 0, fn: 0, tp: 0 };
  for (const i of rows) {
    const predicted = yhat[i] > 0.5;
    const actual = y[i] === 1;
    if (predicted && actual) c.tp++;
    else if (predicted) c.fp++;
    else if (actual) c.fn++;
    else c.tn++;
  }
  return c;
}

/** The training rows and the held-out rows of a data set of `count` rows. */
export function splitRows(count: number, validationRows: readonly number[] | undefined): { train: number[]; validation: number[] } {
  const held = new Set(validationRows ?? []);
  const train: number[] = [];
  for (let i = 0; i < count; i++) if (!held.has(i)) train.push(i);
  return { train, validation: [...(validationRows ?? [])] };
}
