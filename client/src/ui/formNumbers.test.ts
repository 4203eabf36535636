import { describe, expect, it } from 'vitest';
import { parseNumber, readNumber, readNumberList } from './formNumbers';

describe('strict numbers', () => {
  it('reads what a person writes for a number', () => {
    for (const [text, value] of [['0.001', 0.001], ['-5', -5], ['1e-3', 0.001], ['.5', 0.5], [' 10 ', 10], ['+2', 2], ['3.', 3]] as const) {
      expect(parseNumber(text)).toBe(value);
    }
  });

  it('refuses a typo instead of guessing', () => {
    for (const text of ['0.0o1', '1O', 'abc', '', '1,5', '0x10', 'Infinity', '1e', '--1']) expect(parseNumber(text)).toBeNull();
  });

  it('names the rule a number breaks', () => {
    expect(readNumber('0.0o1', { sign: 'positive' })).toEqual({ error: expect.stringContaining('0.0o1') });
    expect(readNumber('0', { sign: 'positive' })).toHaveProperty('error');
    expect(readNumber('2.5', { integer: true, min: 1 })).toHaveProperty('error');
    expect(readNumber('0', { integer: true, min: 1 })).toHaveProperty('error');
    expect(readNumber('1', { sign: 'unit' })).toHaveProperty('error');
    expect(readNumber('30', { integer: true, min: 1 })).toEqual({ value: 30 });
  });
});

describe('number lists', () => {
  it('reads weights separated by commas or spaces, and empty as none', () => {
    expect(readNumberList('-5, 10')).toEqual({ value: [-5, 10] });
    expect(readNumberList('-5 10')).toEqual({ value: [-5, 10] });
    expect(readNumberList('  ')).toEqual({ value: [] });
  });

  it('names the item it cannot read, and an empty one', () => {
    expect(readNumberList('-5, 1O')).toEqual({ error: expect.stringContaining('1O') });
    expect(readNumberList('-5,, 1')).toEqual({ error: expect.stringContaining('2') });
  });
});
