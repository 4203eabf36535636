import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/i18n';
import type { Diagnostics, Job } from '../types';
import { healthText, healthTone } from './health';

function job(diagnostics: Partial<Diagnostics>, verdict: 'unknown' | 'stable', optimizer = 'sgd'): Job {
  return {
    request: { optimizer: { type: optimizer } },
    diagnostics: { boundKind: 'estimated', stableLrBound: null, topHessianEigenvalue: null, gradientNorm: 0.02, ...diagnostics },
    health: { verdict, lr: 0.05, bound: diagnostics.stableLrBound ?? null, boundKind: 'estimated', aboveBound: false },
  } as unknown as Job;
}

describe('healthText', () => {
  afterEach(() => setLanguage('en', false));

  it('says a start whose strongest curvature is downward gives no bound, in both languages', () => {
    const concave = job({ topHessianEigenvalue: -0.020864423 }, 'unknown', 'adam');
    expect(healthText(concave)).toBe("At the start the loss's strongest curvature is downward (λ = -0.0209): there is no 2/λmax bound to hold α to.");
    expect(healthTone(concave)).toBe('neutral');
    setLanguage('ko', false);
    expect(healthText(concave)).toMatch(/^시작점에서 .*λ = -0\.0209/);
  });

  it('gives an adaptive optimizer the plain bound, and a stable run its verdict', () => {
    expect(healthText(job({ topHessianEigenvalue: 22.05, stableLrBound: 0.0907 }, 'unknown', 'adam'))).toBe('2/λmax = 0.0907 is the bound of plain gradient descent; adam scales its own steps.');
    expect(healthText(job({ topHessianEigenvalue: 20, stableLrBound: 0.1 }, 'stable'))).toMatch(/^α = 0\.05 is below the stable bound 2\/λmax = 0\.1: stable\./);
  });

  it('says nothing when there is no curvature to speak of', () => {
    expect(healthText(job({}, 'unknown'))).toBe('');
  });
});
