import { describe, expect, it } from 'vitest';
import { differingLabels } from './compareLabels';
import type { TrainRequest } from '../types';

const base: TrainRequest = {
  dataset: { name: 'icecream' },
  model: { type: 'linear' },
  loss: 'sse',
  optimizer: { type: 'sgd', momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
  lr: 0.001,
  epochs: 30,
  init: { weights: [-5, 10] },
};

describe('differingLabels', () => {
  it('names the one setting that differs, as a sweep does', () => {
    const runs = [0.0001, 0.001, 0.0083, 0.0085].map((lr) => ({ ...base, lr }));
    expect(differingLabels(runs)).toEqual(['lr = 0.0001', 'lr = 0.001', 'lr = 0.0083', 'lr = 0.0085']);
  });

  it('names an optimizer option when the type is the same', () => {
    const momentum = { ...base, optimizer: { ...base.optimizer!, momentum: 0.9 } };
    expect(differingLabels([base, momentum])).toEqual(['optimizer.momentum = 0', 'optimizer.momentum = 0.9']);
  });

  it('names only the type when the optimizers differ (their options are not comparable)', () => {
    const adam: TrainRequest = { ...base, optimizer: { type: 'adam', betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false } };
    expect(differingLabels([base, adam])).toEqual(['optimizer = sgd', 'optimizer = adam']);
  });

  it('joins several differences and numbers identical runs', () => {
    expect(differingLabels([base, { ...base, loss: 'mse', epochs: 60 }])).toEqual(['loss = sse, epochs = 30', 'loss = mse, epochs = 60']);
    expect(differingLabels([base, base])).toEqual(['run 1', 'run 2']);
  });
});

describe('preset labels', () => {
  it('keeps the names a preset gives its runs', () => {
    const base = { lr: 0.1, epochs: 100, model: { type: 'function' as const, expression: '(b/2 - 1)^2' } };
    const labels = differingLabels([
      { ...base, lr: 0.01 / 6, view: { label: 'α = 0.01/6' } },
      { ...base, lr: 4.05, view: { label: 'α = 4.05' } },
    ]);
    expect(labels).toEqual(['α = 0.01/6', 'α = 4.05']);
  });

  it('does not call a view hint a difference', () => {
    const base = { lr: 0.1, epochs: 100 };
    expect(differingLabels([{ ...base, view: { domain: { b: [-10, 10] } } }, { ...base, lr: 0.2 }])).toEqual(['lr = 0.1', 'lr = 0.2']);
  });
});

describe('labels of mini-batch runs', () => {
  it('name the batch size, and the full batch where a run has none', () => {
    const base = { lr: 0.001, epochs: 300 };
    const labels = differingLabels([
      { ...base, batch: { size: 10, shuffle: true, seed: 0, dropLast: false } },
      { ...base, batch: { size: 1, shuffle: true, seed: 0, dropLast: false } },
      { ...base },
    ]);
    expect(labels).toEqual(['batch = 10', 'batch = 1', 'batch = full']);
  });
});
