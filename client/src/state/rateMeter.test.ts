import { describe, expect, it } from 'vitest';
import { RateMeter } from './rateMeter';

describe('RateMeter', () => {
  it('says nothing until epochs have arrived over a moment', () => {
    const m = new RateMeter();
    expect(m.rate).toBeNull();
    m.add(10, 0);
    m.add(12, 100);
    expect(m.rate).toBeNull();
  });

  it('measures epochs per second and the time left at that pace', () => {
    const m = new RateMeter();
    m.add(0, 0);
    m.add(100, 1000);
    m.add(200, 2000);
    expect(m.rate).toBe(100);
    expect(m.secondsLeft(1000)).toBe(8);
  });

  it('forgets samples older than its window, so the pace follows a change', () => {
    const m = new RateMeter(1000);
    m.add(0, 0);
    m.add(10, 1000);
    m.add(1010, 2000);
    m.add(2010, 3000);
    expect(m.rate).toBe(1000);
  });
});
