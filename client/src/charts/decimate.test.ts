import { describe, expect, it } from 'vitest';
import { minMaxDecimate } from './decimate';

const series = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ x: i, y: f(i) }));

describe('minMaxDecimate', () => {
  it('keeps a short series whole', () => {
    const points = series(50, (i) => i * i);
    expect(minMaxDecimate(points, 100)).toEqual(points);
  });

  it('cuts a 10 000-point series to about two points a bucket, its ends kept', () => {
    const points = series(10_001, (i) => Math.sin(i / 50));
    const out = minMaxDecimate(points, 300);
    expect(out.length).toBeLessThanOrEqual(2 * 300 + 2);
    expect(out[0]).toBe(points[0]);
    expect(out.at(-1)).toBe(points.at(-1));
    expect(out.every((p, k) => k === 0 || p.x > out[k - 1].x)).toBe(true);
  });

  it('keeps a one-epoch spike and a one-epoch dip', () => {
    const points = series(10_000, () => 1);
    points[4321].y = 50;
    points[7000].y = -3;
    const out = minMaxDecimate(points, 200);
    expect(out.some((p) => p.y === 50 && p.x === 4321)).toBe(true);
    expect(out.some((p) => p.y === -3 && p.x === 7000)).toBe(true);
  });

  it('keeps a non-finite loss as a gap in the line', () => {
    const points = series(5_000, (i) => (i >= 4000 ? NaN : 1 / (i + 1)));
    const out = minMaxDecimate(points, 100);
    expect(out.some((p) => Number.isNaN(p.y))).toBe(true);
    expect(out.filter((p) => p.x > 4000 && p.x < 4999 && Number.isFinite(p.y))).toEqual([]);
  });
});
