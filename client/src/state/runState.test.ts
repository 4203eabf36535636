import { describe, expect, it } from 'vitest';
import { RunState, type Change } from './runState';
import type { WireRecord } from '../types';

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
});
