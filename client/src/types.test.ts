import { describe, expect, it } from 'vitest';
import { parseRecord, type WireRecord } from './types';

describe('parseRecord', () => {
  it('reads the non-finite strings as numbers and keeps the other numbers as they came', () => {
    const wire: WireRecord = { epoch: 3, loss: 'Infinity', weights: [1.5, 'NaN', -2], yhat: ['-Infinity', 0.25], validationLoss: 0.5 };
    const record = parseRecord(wire);
    expect(record.loss).toBe(Infinity);
    expect(record.weights[0]).toBe(1.5);
    expect(record.weights[1]).toBeNaN();
    expect(record.weights[2]).toBe(-2);
    expect(record.yhat).toEqual([-Infinity, 0.25]);
    expect(record.validationLoss).toBe(0.5);
  });

  it('reads the same wire record twice to the same numbers (two pages watching one job share it)', () => {
    const wire: WireRecord = { epoch: 0, loss: 1, weights: ['NaN', 2], yhat: null };
    parseRecord(wire);
    const again = parseRecord(wire);
    expect(again.weights[0]).toBeNaN();
    expect(again.weights[1]).toBe(2);
    expect(again.yhat).toBeNull();
  });
});
