import { describe, expect, it } from 'vitest';
import { leastSquaresLine } from './fitChart';
import { sample } from './sampling';

describe('leastSquaresLine', () => {
  it('is the ordinary least-squares line across the data', () => {
    const line = leastSquaresLine([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(line).toEqual([{ x: 1, y: 3 }, { x: 4, y: 9 }]);
  });

  it('has no line for constant x', () => {
    expect(leastSquaresLine([2, 2], [1, 5])).toEqual([]);
  });
});

describe('sample', () => {
  it('keeps the first and the last, evenly between', () => {
    expect(sample([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([0, 4, 8]);
    expect(sample([1, 2], 5)).toEqual([1, 2]);
  });
});
