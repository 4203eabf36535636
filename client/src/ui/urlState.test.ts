import { describe, expect, it } from 'vitest';
import { pageUrl, readPageState } from './urlState';
import { parseSweepValues } from './sweepForm';

describe('page URLs', () => {
  it('read back what they were written from', () => {
    const states = [
      { job: 'abc', compare: null, epoch: 12 },
      { job: null, compare: { kind: 'sweep' as const, id: 's1' }, epoch: null },
      { job: null, compare: { kind: 'jobs' as const, ids: ['a', 'b', 'c'] }, epoch: 0 },
    ];
    for (const s of states) expect(readPageState(pageUrl(s, '').slice(1))).toEqual(s);
    expect(pageUrl(states[2], '')).toBe('/?compare=a,b,c&epoch=0');
  });

  it('keep a shared language and ignore a bad epoch', () => {
    expect(pageUrl({ job: 'abc', compare: null, epoch: null }, '?job=x&lang=ko')).toBe('/?job=abc&lang=ko');
    expect(readPageState('?job=a&epoch=-3').epoch).toBeNull();
    expect(readPageState('?job=a&epoch=2.5').epoch).toBeNull();
  });
});

describe('sweep values', () => {
  it('are numbers, names, or optimizer objects', () => {
    expect(parseSweepValues('lr', '0.0001, 0.001,0.0083 ,0.0085')).toEqual([0.0001, 0.001, 0.0083, 0.0085]);
    expect(parseSweepValues('optimizer', 'sgd, adam')).toEqual([{ type: 'sgd' }, { type: 'adam' }]);
    expect(parseSweepValues('loss', 'bce, mse')).toEqual(['bce', 'mse']);
  });
});
