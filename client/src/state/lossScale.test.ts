import { describe, expect, it } from 'vitest';
import { flatAxisRange, logAxisRange } from './lossScale';

describe('the loss axis', () => {
  it('starts a log axis at the decade below the smallest positive loss of all runs', () => {
    // Lecture 004's five runs: α = 1 reaches ~1e-30, α = 4.05 climbs past 5000.
    expect(logAxisRange(3.2e-30, 5.3e3)).toEqual({ min: 1e-30, max: 1e4 });
    expect(logAxisRange(26.4, 8587.6)).toEqual({ min: 10, max: 1e4 });
    expect(logAxisRange(100, 100)).toEqual({ min: 100, max: 1000 });
    expect(logAxisRange(0, 10)).toBeNull();
    expect(logAxisRange(Infinity, Infinity)).toBeNull();
  });

  it('does not scale a flat loss to float32 noise', () => {
    const r = flatAxisRange(0.39747712, 0.39747715)!;
    expect(r.max - r.min).toBeCloseTo(2 * 0.397477 * 1e-3, 6);
    expect(flatAxisRange(26.4, 8587.6)).toBeNull();
  });
});
