import { describe, expect, it } from 'vitest';
import { pageUrl, readPageState } from './urlState';
import { parseSweepValues } from './sweepForm';

describe('page URLs', () => {
  it('read back what they were written from', () => {
    const states = [
      { job: 'abc', compare: null, epoch: 12, present: false },
      { job: 'abc', compare: null, epoch: null, present: true },
      { job: null, compare: { kind: 'sweep' as const, id: 's1' }, epoch: null, present: false },
      { job: null, compare: { kind: 'jobs' as const, ids: ['a', 'b', 'c'] }, epoch: 0, present: false },
    ];
    for (const s of states) expect(readPageState(pageUrl(s, '').slice(1))).toEqual(s);
    expect(pageUrl(states[3], '')).toBe('/?compare=a,b,c&epoch=0');
    expect(pageUrl(states[1], '')).toBe('/?job=abc&present=1');
  });

  it('keep a shared language and ignore a bad epoch', () => {
    expect(pageUrl({ job: 'abc', compare: null, epoch: null, present: false }, '?job=x&lang=ko')).toBe('/?job=abc&lang=ko');
    expect(readPageState('?job=a&epoch=-3').epoch).toBeNull();
    expect(readPageState('?job=a&epoch=2.5').epoch).toBeNull();
  });
});

describe('sweep values', () => {
  it('are numbers, names, or optimizer objects', () => {
    expect(parseSweepValues('lr', '0.0001, 0.001,0.0083 ,0.0085')).toEqual({ value: [0.0001, 0.001, 0.0083, 0.0085] });
    expect(parseSweepValues('optimizer', 'sgd, adam')).toEqual({ value: [{ type: 'sgd' }, { type: 'adam' }] });
    expect(parseSweepValues('loss', 'bce, mse')).toEqual({ value: ['bce', 'mse'] });
  });

  it('name a value that is not a number instead of sending it', () => {
    expect(parseSweepValues('lr', '0.001, abc')).toEqual({ error: expect.stringContaining('abc') });
  });
});
