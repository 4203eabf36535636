import { describe, expect, it } from 'vitest';
import { CompareState, defaultTarget, defaultTargets, epochsToTarget, groupBy, landscapeKey, lossKind, recordAt } from './compareState';
import type { Job, TrainRequest } from '../types';

const job = (id: string, request: Partial<TrainRequest> = {}): Job =>
  ({ id, status: 'completed', request: { lr: 0.1, epochs: 3, dataset: { name: 'icecream' }, loss: 'mse', ...request }, paramNames: ['w0', 'w1'] }) as unknown as Job;
const wire = (epoch: number, loss: number | string) => ({ epoch, loss, weights: [0, 0], yhat: null });

describe('CompareState', () => {
  it('takes each run\'s records in sequence and refuses a gap', () => {
    const state = new CompareState();
    state.setRuns([{ job: job('a'), label: 'a' }, { job: job('b'), label: 'b' }]);
    expect(state.append(0, [wire(0, 5), wire(1, 'Infinity')])).toBe(true);
    expect(state.append(0, [wire(1, 9), wire(2, 1)])).toBe(true);
    expect(state.append(1, [wire(1, 3)])).toBe(false);
    expect(state.runs[0].records.map((r) => r.loss)).toEqual([5, Infinity, 1]);
    expect(state.runs[1].records).toEqual([]);
    expect(state.lastIndex).toBe(2);
  });

  it('shows a run that ended early at its last record', () => {
    const state = new CompareState();
    state.setRuns([{ job: job('a'), label: 'a' }]);
    state.append(0, [wire(0, 5), wire(1, 4)]);
    expect(recordAt(state.runs[0], 10)?.epoch).toBe(1);
  });

  it('steps a thinned run by its stored epochs and names their true epochs', () => {
    const state = new CompareState();
    const thinned = { ...job('a'), recordEvery: 50, epochsTotal: 120, epochsDone: 120 } as Job;
    state.setRuns([{ job: thinned, label: 'a' }, { job: { ...thinned, id: 'b' } as Job, label: 'b' }]);
    state.append(0, [wire(0, 9), wire(50, 5), wire(100, 3), wire(120, 2)]);
    state.append(1, [wire(0, 8), wire(50, 4)]);
    expect(state.lastIndex).toBe(3);
    expect([0, 1, 2, 3].map((i) => state.epochAt(i))).toEqual([0, 50, 100, 120]);
    expect(state.indexOfEpoch(100)).toBe(2);
    expect(state.indexOfEpoch(99)).toBe(1);
    expect(state.every).toBe(50);
    // At epoch 100 the second run, still at 50, shows its epoch 50.
    expect(recordAt(state.runs[1], state.epochAt(2))?.epoch).toBe(50);
    expect(state.complete).toBe(false);
    state.append(1, [wire(100, 3), wire(120, 1)]);
    expect(state.complete).toBe(true);
  });

  it('keeps one position per epoch when runs of different lengths stream side by side', () => {
    const state = new CompareState();
    state.setRuns([{ job: job('a'), label: 'a' }, { job: { ...job('b'), recordEvery: 2 } as Job, label: 'b' }]);
    state.append(1, [wire(0, 1), wire(2, 1), wire(4, 1)]);
    state.append(0, [wire(0, 5), wire(1, 4), wire(2, 3)]);
    expect(state.epochs).toEqual([0, 1, 2, 4]);
    expect(state.every).toBe(1);
  });
});

describe('compare helpers', () => {
  it('finds the first epoch at or below a target', () => {
    const records = [10, 5, 2, 1].map((loss, epoch) => ({ epoch, loss, weights: [], yhat: null }));
    expect(epochsToTarget(records, 2)).toBe(2);
    expect(epochsToTarget(records, 0.5)).toBeNull();
  });

  it('groups runs that share a landscape: BCE and MSE apart, learning rates together', () => {
    const state = new CompareState();
    state.setRuns([job('a', { loss: 'bce' }), job('b', { loss: 'mse' }), job('c', { loss: 'bce', lr: 0.5 })].map((j) => ({ job: j, label: j.id })));
    expect(groupBy(state.runs, landscapeKey)).toEqual([[0, 2], [1]]);
  });

  it('sets the default target 10% above the best final loss', () => {
    const state = new CompareState();
    state.setRuns([{ job: job('a'), label: 'a' }, { job: job('b'), label: 'b' }]);
    state.append(0, [wire(0, 5), wire(1, 2)]);
    state.append(1, [wire(0, 5), wire(1, 'NaN')]);
    expect(defaultTarget(state.runs)).toBe(2.2);
  });
});

describe('targets per loss kind', () => {
  it('measures BCE runs and MSE runs each against their own target', () => {
    const state = new CompareState();
    state.setRuns([
      { job: job('mse', { loss: 'mse' }), label: 'mse' },
      { job: job('bce', { loss: 'bce' }), label: 'bce' },
    ]);
    state.append(0, [wire(0, 0.3), wire(1, 0.1)]);
    state.append(1, [wire(0, 0.7), wire(1, 0.45)]);
    const targets = defaultTargets(state.runs);
    expect(targets.get('mse')).toBeCloseTo(0.11, 6);
    expect(targets.get('bce')).toBeCloseTo(0.495, 6);
    expect(epochsToTarget(state.runs[1].records, targets.get(lossKind(state.runs[1].job.request))!)).toBe(1);
  });
});

describe('a default target when a run reaches the exact minimum', () => {
  it('is 0.1% of the way down from the start rather than 0', () => {
    const state = new CompareState();
    state.setRuns([{ job: job('a'), label: 'a' }, { job: job('b'), label: 'b' }]);
    state.append(0, [wire(0, 36), wire(1, 0)]);
    state.append(1, [wire(0, 36), wire(1, 0.03)]);
    expect(defaultTarget(state.runs)).toBe(0.036);
  });
});
