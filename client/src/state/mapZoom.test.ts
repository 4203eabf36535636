import { describe, expect, it } from 'vitest';
import { zoomedBounds } from './mapZoom';

describe('zoomedBounds', () => {
  it('doubles or halves each axis about its centre', () => {
    const map = { a: { name: 'w', values: [0, 1, 2, 3, 4] }, b: { name: 'b', values: [-1, 0, 1] } };
    expect(zoomedBounds(map, 2)).toEqual({ aMin: -2, aMax: 6, bMin: -2, bMax: 2 });
    expect(zoomedBounds(map, 0.5)).toEqual({ aMin: 1, aMax: 3, bMin: -0.5, bMax: 0.5 });
  });

  it('leaves the second axis out of a one-weight curve', () => {
    expect(zoomedBounds({ a: { values: [10, 20] }, b: null }, 2)).toEqual({ aMin: 5, aMax: 25 });
  });
});
