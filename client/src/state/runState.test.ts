import { describe, expect, it } from 'vitest';
import { RunState, yhatAtOrBefore, type Change } from './runState';
import type { Job, WireRecord } from '../types';

const rec = (epoch: number, loss: number | string = epoch): WireRecord => ({ epoch, loss, weights: [epoch, -epoch], yhat: epoch % 2 === 0 ? [epoch] : null });

describe('RunState', () => {
  it('takes records in order and ignores ones it already has', () => {
    const s = new RunState();
    expect(s.append([rec(0), rec(1)])).toBe(true);
    expect(s.append([rec(1), rec(2)])).toBe(true);
    expect(s.records.map((r) => r.epoch)).toEqual([0, 1, 2]);
  });

  it('refuses a gap and keeps what came before it', () => {
    const s = new RunState();
    expect(s.append([rec(0), rec(2)])).toBe(false);
    expect(s.records.map((r) => r.epoch)).toEqual([0]);
  });

  it('parses non-finite losses written as strings', () => {
    const s = new RunState();
    s.append([rec(0, 'Infinity'), rec(1, 'NaN')]);
    expect(s.records[0].loss).toBe(Infinity);
    expect(Number.isNaN(s.records[1].loss)).toBe(true);
  });

  it('finds the newest predictions at or before an epoch', () => {
    const s = new RunState();
    s.append([rec(0), rec(1), rec(2), rec(3)]);
    expect(s.yhatAt(3)?.epoch).toBe(2);
    expect(s.yhatAt(1)?.epoch).toBe(0);
  });

  it('tells listeners where new records start', () => {
    const s = new RunState();
    const changes: Change[] = [];
    s.subscribe((c) => changes.push(c));
    s.append([rec(0)]);
    s.append([rec(0), rec(1)]);
    expect(changes).toEqual([{ kind: 'records', from: 0 }, { kind: 'records', from: 1 }]);
  });

  it("takes a thinned job's every k-th record, its last and a diverged one, and still refuses a gap", () => {
    const s = new RunState();
    s.reset({ id: 'j', recordEvery: 50 } as Job);
    expect(s.append([rec(0), rec(50), rec(100), rec(117, 'Infinity')])).toBe(true);
    expect(s.records.map((r) => r.epoch)).toEqual([0, 50, 100, 117]);
    expect(s.append([rec(150), rec(250)])).toBe(false);
    expect(s.records.map((r) => r.epoch)).toEqual([0, 50, 100, 117, 150]);
    expect(s.every).toBe(50);
  });

  it("maps a thinned job's record index to its epoch and back", () => {
    const s = new RunState();
    s.reset({ id: 'j', recordEvery: 50 } as Job);
    s.append([rec(0), rec(50), rec(100), rec(131)]);
    expect([0, 1, 2, 3].map((i) => s.epochAt(i))).toEqual([0, 50, 100, 131]);
    expect([0, 49, 50, 120, 131, 999].map((e) => s.indexOfEpoch(e))).toEqual([0, 0, 1, 2, 3, 3]);
    expect(s.lastEpoch).toBe(131);
    // ŷ is looked up by index: record 2 (epoch 100) carries it, record 3 (epoch 131) does not.
    expect(s.yhatAt(3)?.epoch).toBe(100);
  });
});

describe('yhatAtOrBefore', () => {
  const thinned = new RunState();
  thinned.reset({ recordEvery: 50 } as Job);
  thinned.append([0, 50, 100, 150, 200].map((epoch) => ({ epoch, loss: 1, weights: [0, 0], yhat: [epoch] })));

  it('finds a thinned run\'s predictions by epoch, not by record index', () => {
    expect(yhatAtOrBefore(thinned.records, 50)?.epoch).toBe(50);
    expect(yhatAtOrBefore(thinned.records, 120)?.epoch).toBe(100);
    expect(yhatAtOrBefore(thinned.records, 5000)?.epoch).toBe(200);
  });

  it('has none before the first record', () => {
    expect(yhatAtOrBefore([], 3)).toBeNull();
    expect(yhatAtOrBefore(thinned.records.slice(1), 10)).toBeNull();
  });
});
