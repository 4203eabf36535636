import { describe, expect, it } from 'vitest';
import { rule } from './stepPanel';
import type { Step } from '../types';

const step = (over: Partial<Step>): Step => ({
  epoch: 0,
  step: 1,
  loss: 8587.624,
  paramNames: ['w0', 'w1'],
  weights: [-5, 10],
  gradient: [-1342.2465, 1188.9203],
  stateBefore: [],
  stateAfter: [],
  update: [1.3422465, -1.1889203],
  weightsAfter: [-3.6577535, 8.8110797],
  stepTaken: true,
  graph: [],
  graphNodes: 0,
  ...over,
});

describe('rule', () => {
  it("writes lecture 000's first step out with its numbers", () => {
    const text = rule(step({}), 0, { lr: 0.001, epochs: 30, optimizer: { type: 'sgd' } });
    expect(text).toBe('w0 ← w0 − α·∂L/∂w0 = -5 − 0.001·(-1342.2465) = -3.657754');
  });

  it('shows the momentum buffer, first step included', () => {
    const s = step({ stateAfter: [{ name: 'momentum_buffer', values: [-1342.2465, 1188.9203] }] });
    const text = rule(s, 1, { lr: 0.001, epochs: 30, optimizer: { type: 'sgd', momentum: 0.9 } });
    expect(text).toContain('b ← g = 1188.9203 (first step)');
    expect(text).toContain('w1 ← w1 − α·b = 10 − 0.001·1188.9203 = 8.81108');
  });

  it("writes Adam's bias-corrected moments", () => {
    const s = step({
      stateBefore: [],
      stateAfter: [
        { name: 'exp_avg', values: [-134.22465, 0] },
        { name: 'exp_avg_sq', values: [1801.6, 0] },
        { name: 'm_hat', values: [-1342.2465, 0] },
        { name: 'v_hat', values: [1801625.7, 0] },
      ],
    });
    const text = rule(s, 0, { lr: 0.1, epochs: 30, optimizer: { type: 'adam' } });
    expect(text).toContain('m̂ = m / (1 − β₁ᵗ) = -1342.2465');
    expect(text).toContain('t = 1');
  });
});

describe('powers in the rule', () => {
  it('writes a tiny gradient as a power of ten, in parentheses inside products and squares', () => {
    const step = {
      epoch: 3, step: 4, loss: 1, paramNames: ['w0'], weights: [0.5], gradient: [-5.4715e-8], update: [0], weightsAfter: [0.5], stepTaken: true,
      stateBefore: [{ name: 'exp_avg', values: [0] }, { name: 'exp_avg_sq', values: [0] }],
      stateAfter: [{ name: 'exp_avg', values: [-5.4715e-9] }, { name: 'exp_avg_sq', values: [3e-18] }, { name: 'm_hat', values: [-1e-8] }, { name: 'v_hat', values: [1e-15] }],
      graph: [], graphNodes: 0,
    } as unknown as Step;
    const text = rule(step, 0, { lr: 0.05, epochs: 10, optimizer: { type: 'adam' } });
    expect(text).toContain('0.1·(-5.471 × 10⁻⁸)');
    expect(text).toContain('(-5.471 × 10⁻⁸)²');
    expect(text).not.toMatch(/e-\d/);
  });
});
