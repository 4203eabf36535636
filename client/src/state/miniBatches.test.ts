import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../types';
import { batchLossPoints, confusion, splitRows, stepPath, validationPoints } from './miniBatches';

const record = (epoch: number, weights: number[], extra: Partial<EpochRecord> = {}): EpochRecord => ({
  epoch,
  loss: 1,
  weights,
  yhat: null,
  validationLoss: null,
  metrics: null,
  steps: null,
  ...extra,
});

describe('mini-batch series', () => {
  const records = [
    record(0, [0, 0], { validationLoss: 2 }),
    record(1, [2, 2], { validationLoss: 1.5, steps: { losses: [4, 3], weights: [[1, 0.5], [2, 2]] } }),
    record(2, [3, 1], { validationLoss: 1, steps: { losses: [2, 1], weights: [[2.5, 1.5], [3, 1]] } }),
  ];

  it('places batch losses between the epochs they lead from', () => {
    expect(batchLossPoints(records)).toEqual([{ x: 0, y: 4 }, { x: 0.5, y: 3 }, { x: 1, y: 2 }, { x: 1.5, y: 1 }]);
  });

  it('draws the held-out loss per epoch', () => {
    expect(validationPoints(records).map((p) => p.y)).toEqual([2, 1.5, 1]);
  });

  it('walks every step up to the player epoch', () => {
    expect(stepPath(records, 1, 0, 1)).toEqual([{ x: 0, y: 0 }, { x: 1, y: 0.5 }, { x: 2, y: 2 }]);
    expect(stepPath(records, 2, 0, 1)).toHaveLength(5);
  });

  it('counts a confusion matrix at threshold 0.5 over the given rows', () => {
    const c = confusion([0.9, 0.2, 0.7, 0.4, 0.5], [1, 0, 0, 1, 1], [0, 1, 2, 3, 4]);
    expect(c).toEqual({ tp: 1, fp: 1, fn: 2, tn: 1 });
  });

  it('splits rows into training and held-out', () => {
    expect(splitRows(5, [3, 0])).toEqual({ train: [1, 2, 4], validation: [3, 0] });
  });
});

describe('the batch-size sweep', () => {
  it('reads "full" as the whole training set', async () => {
    const { parseSweepValues } = await import('../ui/sweepForm');
    expect(parseSweepValues('batch', '1, 10, full')).toEqual([{ size: 1 }, { size: 10 }, null]);
  });
});
