import { describe, expect, it } from 'vitest';
import { formatFixed, ordinal, formatNumber, scientific, superscript } from './numbers';

describe('numbers as a person writes them', () => {
  it('writes powers of ten as powers', () => {
    expect(scientific(1.37684e13)).toBe('1.38 × 10¹³');
    expect(scientific(-5.4715e-8, 3)).toBe('-5.47 × 10⁻⁸');
    expect(superscript(-12)).toBe('⁻¹²');
  });

  it('never writes minus zero', () => {
    expect(formatFixed(-0.00001)).not.toContain('-0.0000');
    expect(formatFixed(-0.00000001)).toBe('-1 × 10⁻⁸');
    expect(formatFixed(-0.00004)).toBe('-4 × 10⁻⁵');
    expect(formatFixed(-0.0)).toBe('0.0000');
    expect(formatNumber(-0.0)).toBe('0');
    expect(formatFixed(2.42891)).toBe('2.4289');
  });

  it('uses scientific notation for large and tiny values only', () => {
    expect(formatNumber(13768400000000)).toBe('1.377 × 10¹³');
    expect(formatNumber(26.399)).toBe('26.399');
    expect(formatNumber(20680.4, 4)).toBe('20680');
    expect(formatNumber(110400, 4)).toBe('110400');
    expect(formatNumber(0.0082383, 5)).toBe('0.0082383');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(NaN)).toBe('NaN');
  });
});

describe('ordinal', () => {
  it('writes English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 22, 50, 101].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '22nd', '50th', '101st']);
  });
});
