import { describe, expect, it } from 'vitest';
import { applicableViews, featureCount } from './applicableViews';
import type { Job } from '../types';

const job = (model: string, paramNames: string[]): Job =>
  ({ request: { model: { type: model }, lr: 0.1, epochs: 1 }, paramNames }) as unknown as Job;

describe('applicableViews', () => {
  it('draws a fit for one feature and a boundary for two', () => {
    expect(applicableViews(job('linear', ['w0', 'w1']))).toContain('fit');
    expect(applicableViews(job('logistic', ['w0', 'w1', 'w2']))).toContain('boundary');
    expect(applicableViews(job('logistic', ['w0', 'w1', 'w2']))).not.toContain('fit');
  });

  it('offers grid search only for one or two weights, and no data views for a function', () => {
    const fn = applicableViews(job('function', ['b']));
    expect(fn).toContain('gridsearch');
    expect(fn).not.toContain('fit');
    expect(applicableViews(job('logistic', ['w0', 'w1', 'w2']))).not.toContain('gridsearch');
  });

  it("reads an mlp's inputs from its first layer's weight names", () => {
    const names = ['0.weight[0,0]', '0.weight[0,1]', '0.weight[1,0]', '0.weight[1,1]', '0.bias[0]', '0.bias[1]', '2.weight[0,0]', '2.weight[0,1]', '2.bias[0]'];
    expect(featureCount(job('mlp', names))).toBe(2);
  });
});
